-- Neovim as a user runs it, headless: open a design with infralint lsp attached,
-- see the findings, type a mistake and see it, rename lb-01, apply the quick fix
-- that adds a firewall. What happened is written as JSON to $INFRALINT_NVIM_OUT.
-- Uses the API Neovim 0.7 (Debian 12's) already has: vim.lsp.start_client.
local out = {}
local function finish()
  local file = io.open(os.getenv("INFRALINT_NVIM_OUT"), "w")
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd("qa!")
end

local ok, failure = pcall(function()
  vim.cmd("edit " .. os.getenv("INFRALINT_NVIM_FILE"))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({ name = "infralint", cmd = { os.getenv("INFRALINT"), "lsp" }, root_dir = vim.fn.getcwd() })
  vim.lsp.buf_attach_client(buf, id)
  local client = vim.lsp.get_client_by_id(id)
  local function codes()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(found, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?")
    end
    return found
  end
  local function has(code)
    for _, c in ipairs(codes()) do if c == code then return true end end
    return false
  end
  vim.wait(15000, function() return has("AV001") end, 50)
  out.opened = codes()

  -- Typed: a declaration without its name, then taken back.
  local count = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, count, count, false, { "web-server {" })
  vim.wait(10000, function() return has("PARSE") end, 50)
  out.typed = codes()
  vim.api.nvim_buf_set_lines(buf, count, count + 1, false, {})
  vim.wait(10000, function() return not has("PARSE") and has("AV001") end, 50)
  out.untyped = codes()

  -- Rename lb-01 where it is declared.
  local row
  for index, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find("load%-balancer lb%-01") then row = index - 1 break end
  end
  local position = { line = row, character = 15 }
  local rename = client.request_sync("textDocument/rename",
    { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = position, newName = "edge-lb" }, 10000, buf)
  vim.lsp.util.apply_workspace_edit(rename.result, "utf-16")
  out.renamed = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  -- Neovim may send the rename as several changes: an intermediate text (lb-01
  -- declared as edge-lb, links still naming lb-01) has diagnostics that name
  -- edge-lb too. Wait for the renamed design's own: SEC001 on edge-lb.
  vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == "SEC001" and d.message:find("edge%-lb") then return true end
    end
    return false
  end, 50)

  -- The quick fix of the missing firewall.
  local diagnostic
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == "SEC001" then diagnostic = d end
  end
  local range = { start = { line = diagnostic.lnum, character = diagnostic.col },
                  ["end"] = { line = diagnostic.end_lnum, character = diagnostic.end_col } }
  local actions = client.request_sync("textDocument/codeAction",
    { textDocument = { uri = vim.uri_from_bufnr(buf) }, range = range, context = { diagnostics = {} } }, 10000, buf)
  for _, action in ipairs(actions.result or {}) do
    if action.title:find("SEC001") then
      vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
      out.fixed_with = action.title
      break
    end
  end
  out.fixed = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  vim.wait(10000, function() return not has("SEC001") end, 50)
  out.after_fix = codes()
end)
if not ok then out.error = tostring(failure) end
finish()
