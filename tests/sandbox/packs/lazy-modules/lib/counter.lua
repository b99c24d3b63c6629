local M = { calls = 0 }
function M.bump() M.calls = M.calls + 1 return M.calls end
return M
