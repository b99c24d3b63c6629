-- rules/cso/03_degree.lua: a bachelor's or higher in a related field.
local F = require "lib.fields"
local E = require "lib.education"

-- related_fields as a reason shows them, made once per run (sl.derive).
local related_text = sl.derive(function(p) return F.list_text(F.words(p.related_fields), 4) end)

local LEVEL = {
  doctorate = "doctorate", master = "master's", bachelor = "bachelor's",
  below = "below a bachelor's", none = "no degree",
}

rule {
  id = "degree",
  title = "Bachelor's or higher in business or a related field",
  severity = "required",
  weight = 2,
  check = function(c, f, p)
    local s = f.education
    if s.related then
      local e = s.related
      if e.mba and not (e.area and e.related) then
        return pass("%s: an MBA, a business degree", E.describe(e))
      end
      return pass("%s: %s in a related field ('%s')", E.describe(e), LEVEL[e.level], e.related)
    end
    if s.other then
      local e = s.other
      if not e.area then
        return flag("%s (%s): field of study not given, so not a related field", E.describe(e), LEVEL[e.level])
      end
      return flag("%s (%s): another field (not in related_fields: %s)",
        E.describe(e), LEVEL[e.level], related_text(p))
    end
    if not s.listed then
      return flag("no education listed")
    end
    if s.unknown then
      local e = s.unknown
      if e.study then
        return flag("degree '%s' not recognised; cannot tell if it is a bachelor's (see bachelor_keywords)",
          E.describe(e))
      end
      return flag("education listed without a degree type%s; cannot tell if it is a bachelor's",
        e.area and (" (" .. e.area .. ")") or "")
    end
    local e = s.highest
    if e.level == "none" then return fail("no degree (%s); a bachelor's is required", e.study) end
    if e.why then return fail("%s: %s; a bachelor's is required", E.describe(e), e.why) end
    return fail("%s is below a bachelor's; a bachelor's is required", E.describe(e))
  end,
}
