// A real LSP editor: headless Neovim (0.7+, vim.lsp.start_client) runs `xlcfg lsp --stdio` with
// the configuration docs/editors.md gives, opens a config, and reports what it got back:
// diagnostics, hover, completion, document symbols, and the buffer after formatting.
// Skipped, with the reason, when nvim is not installed or is older than 0.7.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

function nvimSkipReason(): string | false {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (r.error) return 'nvim is not installed (apt install neovim)';
  const m = /NVIM v(\d+)\.(\d+)/.exec(r.stdout);
  if (!m) return `cannot read the nvim version from: ${r.stdout.split('\n')[0]}`;
  if (Number(m[1]) === 0 && Number(m[2]) < 7) return `nvim ${m[1]}.${m[2]} has no vim.lsp.start_client with the features used here (needs 0.7)`;
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'cli.js'))) return 'dist/cli.js is missing: run npm run build';
  return false;
}

const MESSY = 'name="web"\ntype = pvh\nmemory=512\ndisk=[ "phy:/dev/vg/web,xvda,w","format=raw, vdev=xvdb, target=/srv/data.img" ]\n';

/** The Lua side: everything it learns goes into a JSON file that the test reads. */
const SCRIPT = String.raw`
local out = {}
local function finish()
  local f = io.open(os.getenv('XLCFG_OUT'), 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qa!')
end
local ok, err = pcall(function()
  local file = os.getenv('XLCFG_FILE')
  -- The Neovim 0.7 configuration of docs/editors.md, with the command spelled out.
  local xlcfg_client
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'xlcfg',
    callback = function(args)
      if not xlcfg_client or vim.lsp.client_is_stopped(xlcfg_client) then
        xlcfg_client = vim.lsp.start_client({
          name = 'xlcfg',
          cmd = { os.getenv('XLCFG_NODE'), os.getenv('XLCFG_CLI'), 'lsp', '--stdio' },
          root_dir = vim.fn.getcwd(),
          settings = { xlcfg = { xenVersion = '4.17' } },
        })
      end
      vim.lsp.buf_attach_client(args.buf, xlcfg_client)
    end,
  })
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.cmd('setfiletype xlcfg')
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = xlcfg_client
  out.client = client_id ~= nil and vim.lsp.buf_is_attached(bufnr, client_id)
  out.initialized = vim.wait(10000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized == true
  end, 50)
  out.diagnosticsArrived = vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics, { line = d.lnum, code = d.code, message = d.message })
  end
  -- Fix the syntax error by hand so that the file can be formatted.
  vim.api.nvim_buf_set_lines(bufnr, 1, 2, false, { 'type = "pvh"' })
  local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr), position = { line = 2, character = 2 } }
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 5000) or {}
  for _, r in pairs(hover) do
    if r.result and r.result.contents then out.hover = r.result.contents.value end
  end
  local cparams = { textDocument = vim.lsp.util.make_text_document_params(bufnr), position = { line = 4, character = 0 } }
  vim.api.nvim_buf_set_lines(bufnr, 4, 4, false, { '' })
  local completion = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', cparams, 5000) or {}
  out.completion = {}
  for _, r in pairs(completion) do
    local items = r.result and (r.result.items or r.result) or {}
    for _, item in ipairs(items) do table.insert(out.completion, item.label) end
  end
  vim.api.nvim_buf_set_lines(bufnr, 4, 5, false, {})
  local symbols = vim.lsp.buf_request_sync(bufnr, 'textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params(bufnr) }, 5000) or {}
  out.symbols = {}
  for _, r in pairs(symbols) do
    for _, s in ipairs(r.result or {}) do
      local children = {}
      for _, c in ipairs(s.children or {}) do table.insert(children, c.name) end
      table.insert(out.symbols, { name = s.name, children = children })
    end
  end
  -- The formatter indents as the buffer does.
  vim.bo.expandtab = true
  vim.bo.shiftwidth = 2
  vim.bo.tabstop = 2
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = bufnr, timeout_ms = 5000 })
  else
    vim.lsp.buf.formatting_sync(nil, 5000)
  end
  out.formatted = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
  vim.lsp.stop_client(client_id)
end)
if not ok then out.error = tostring(err) end
finish()
`;

describe('Neovim (headless) as an LSP client', { skip: nvimSkipReason() }, () => {
  test('diagnostics, hover, completion, symbols and formatting through vim.lsp', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-nvim-'));
    const file = path.join(dir, 'guest.cfg');
    const script = path.join(dir, 'test.lua');
    const outFile = path.join(dir, 'out.json');
    fs.writeFileSync(file, MESSY);
    fs.writeFileSync(script, SCRIPT);
    const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${script}`], {
      encoding: 'utf8', timeout: 60_000,
      env: { ...process.env, XLCFG_OUT: outFile, XLCFG_FILE: file, XLCFG_NODE: process.execPath, XLCFG_CLI: path.join(repoRoot, 'dist', 'cli.js'), XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CACHE_HOME: dir },
    });
    assert.ok(fs.existsSync(outFile), `nvim wrote no result (status ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout}`);
    const out = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    assert.equal(out.error, undefined, `Lua error: ${out.error}`);
    assert.equal(out.client, true);
    assert.equal(out.initialized, true);
    assert.equal(out.diagnosticsArrived, true);
    assert.ok(out.diagnostics.some((d: { line: number; code: string }) => d.line === 1 && d.code === 'bare-word'), JSON.stringify(out.diagnostics));
    assert.match(out.hover ?? '', /memory/);
    assert.ok(out.completion.includes('vcpus'), `completion: ${out.completion.slice(0, 20)}`);
    assert.deepEqual(out.symbols.map((s: { name: string }) => s.name), ['General', 'Memory and CPU', 'Devices']);
    assert.equal(out.formatted, 'name = "web"\ntype = "pvh"\nmemory = 512\ndisk = [\n  "phy:/dev/vg/web,xvda,w",\n  "format=raw, vdev=xvdb, target=/srv/data.img",\n]\n');
  });
});
