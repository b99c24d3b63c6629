rule {
  id = "fs-compliance",
  title = "Compliance-ready for financial-services roles",
  severity = "required",
  check = function(c)
    if c.target_sector ~= "financial services" then return pass() end
    if c.fs_compliance ~= true then return flag() end
    if c.sector == "financial services" then return pass() end
    return fail()
  end,
}
