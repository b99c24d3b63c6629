#!/usr/bin/env python3
"""Deterministic generator of realistic candidate records for the shortlist benchmark.

    bench/gen.py --shape flat|resume --count N [--seed S] > candidates.jsonl

flat   -- the record of ../shared/bench-ruleset.md: the fields the ten checks read, plus
          noise (name, email, location, phone, summary), ~300-600 bytes a record, values
          spread so that each check yields roughly 50% pass / 30% flag / 20% fail (checks
          with only two outcomes: roughly 50-80% pass), boundary values included.
resume -- JSON Resume (jsonresume.org) records: basics, work[] (year-only and full dates,
          current roles without endDate, overlapping roles; extension fields industry,
          team_size, quota_attainment), education[], skills[], certificates[].

Standard library only. The output depends only on (shape, count, seed): the generator
draws exclusively through random.Random.random(), whose sequence is stable across Python 3
versions, so the same command gives byte-identical files everywhere.
"""

import argparse
import json
import random
import sys

FIRST = ["Ada", "Grace", "Alan", "Maria", "Chen", "Priya", "Olumide", "Sofia", "Lars", "Aiko",
         "Mateo", "Fatima", "Noah", "Ingrid", "Rahul", "Emma", "Kwame", "Yuki", "Lucas", "Amara",
         "José", "Zoë", "Søren", "Łukasz", "Anaïs", "Björn", "Nuño", "Hana", "Tomás", "Leila",
         "Daniel", "Olivia", "Wei", "Elena", "Samuel", "Nadia", "Oscar", "Chloe", "Ivan", "Mei"]
LAST = ["Lovelace", "Hopper", "Turing", "Garcia", "Wang", "Patel", "Adeyemi", "Rossi",
        "Andersen", "Tanaka", "Fernández", "Haddad", "Smith", "Larsen", "Sharma", "Müller",
        "Mensah", "Sato", "Silva", "Okafor", "Núñez", "O'Brien", "Kowalski", "Dubois",
        "Johansson", "Ivanova", "Kim", "Nguyen", "Cohen", "Moreau", "Schmidt", "Costa",
        "Brown", "Ali", "Novak", "Eriksen", "Yilmaz", "Papadopoulos", "Murphy", "Lindqvist"]
DOMAINS = ["example.com", "mail.example.org", "inbox.example.net", "corp.example.com"]
CITIES = [("New York", "NY", "US"), ("San Francisco", "CA", "US"), ("Chicago", "IL", "US"),
          ("Austin", "TX", "US"), ("Boston", "MA", "US"), ("London", "England", "GB"),
          ("Frankfurt", "Hesse", "DE"), ("Paris", "Île-de-France", "FR"),
          ("Toronto", "ON", "CA"), ("Singapore", "", "SG"), ("Zürich", "ZH", "CH"),
          ("São Paulo", "SP", "BR"), ("Sydney", "NSW", "AU"), ("Dublin", "Leinster", "IE"),
          ("Charlotte", "NC", "US"), ("Amsterdam", "North Holland", "NL")]
FIELDS = ["business", "marketing", "economics", "finance", "management", "commerce",
          "communications", "computer science", "engineering", "psychology", "history",
          "mathematics"]
CORE = ["enterprise saas", "b2b"]
ADJACENT = ["fintech", "insurance", "banking software", "consulting", "wealth management"]
OTHER = ["healthcare", "retail", "manufacturing", "energy", "telecom", "logistics",
         "media", "hospitality", "public sector", "automotive"]
FS = "financial services"
# target_sector of the role: 60% financial services (so fs-compliance has all three
# outcomes), the rest spread over a core, an adjacent and an unrelated sector.
TARGETS = [(0.60, FS), (0.80, "enterprise saas"), (0.90, "fintech"), (1.01, "healthcare")]
CRM_HIT = ["salesforce", "Salesforce", "SALESFORCE", "hubspot", "HubSpot", "dynamics",
           "Dynamics"]
CRM_MISS = ["gong", "Gong", "outreach", "pipedrive", "zoho", "clari", "salesloft", "apollo",
            "tableau", "looker", "zendesk"]
SUMMARY_BITS = [
    "Revenue leader who built and scaled enterprise sales organisations across regions.",
    "Closed eight-figure multi-year deals with Fortune 500 accounts.",
    "Grew ARR from $12M to $85M in four years while keeping churn under 5%.",
    "Introduced MEDDICC and a weekly forecast cadence; forecast accuracy within 3%.",
    "Hands-on coach: \"pipeline is a team sport\".",
    "Built the partner channel from scratch \u2014 now 30% of new bookings.",
    "Led the go-to-market for a regulated product line (SOX, GDPR, FINRA).",
    "Turned around an under-performing region in 18 months.",
    "Speaker at SaaStr and Dreamforce on sales enablement.",
    "Hired and developed 40+ account executives, 12 promoted to management.",
    "Comfortable with boards, investors and late-stage fundraising diligence.",
    "Passionate about data-driven territory planning & compensation design.",
]
POSITIONS_SALES = ["Account Executive", "Senior Account Executive", "Enterprise Account Executive",
                   "Sales Development Representative", "Business Development Manager",
                   "Key Account Manager", "Regional Sales Manager"]
POSITIONS_LEAD = ["Sales Director", "Director of Sales", "VP of Sales", "Vice President, Sales",
                  "Head of Sales", "Chief Revenue Officer", "SVP Global Sales",
                  "Regional Vice President"]
POSITIONS_OTHER = ["Software Engineer", "Marketing Manager", "Product Manager",
                   "Financial Analyst", "Management Consultant", "Customer Success Manager",
                   "Operations Manager", "MVP Program Coordinator"]
COMPANIES = ["Acme Cloud", "Globex", "Initech", "Umbrella Analytics", "Stark Fintech",
             "Wayne Financial", "Hooli", "Vandelay Industries", "Soylent Health", "Cyberdyne",
             "Tyrell Systems", "Wonka Retail", "Massive Dynamic", "Pied Piper", "Aperture Labs",
             "Oscorp Insurance", "Dunder Mifflin", "Gringotts Wealth", "Monarch Banking Software",
             "Nakatomi Trading"]
SCHOOLS = ["State University", "Institute of Technology", "Business School", "City College",
           "Université Example", "Technische Universität Beispiel", "National University"]
CERTS = [("FINRA Series 7", "FINRA"), ("FINRA Series 24", "FINRA"), ("FINRA Series 66", "FINRA"),
         ("Certified Sales Professional", "NASP"), ("Salesforce Certified Administrator", "Salesforce"),
         ("HubSpot Sales Software", "HubSpot"), ("PMP", "PMI"), ("CFA Level I", "CFA Institute"),
         ("MEDDICC Practitioner", "MEDDICC")]
HIGHLIGHTS = ["Exceeded quota in {n} consecutive quarters", "Managed a team of {t} reps",
              "Opened {n} new markets", "Owned the compliance and regulatory review of every deal",
              "Cut sales cycle by {n}0%", "Rolled out Salesforce to {t} users",
              "Won the President's Club {n} times"]


def js(s):
    """JSON-encode a string (done once per pool entry, never per record)."""
    return json.dumps(s, ensure_ascii=False)


def build_pools(r):
    rr = r.random
    names, emails = [], []
    for _ in range(4096):
        f, l = FIRST[int(rr() * len(FIRST))], LAST[int(rr() * len(LAST))]
        names.append(js(f + " " + l))
        user = (f + "." + l).lower().replace("'", "")
        emails.append(user.encode("ascii", "ignore").decode() + "%d@" + DOMAINS[int(rr() * len(DOMAINS))])
    summaries = []
    for _ in range(1024):
        parts, total = [], 0
        target = 100 + int(rr() * rr() * 200)  # 100-300 characters, most near the low end
        while total < target + 80:
            b = SUMMARY_BITS[int(rr() * len(SUMMARY_BITS))]
            parts.append(b)
            total += len(b) + 1
        s = " ".join(parts)[:target]
        s = s[:s.rindex(" ")].rstrip(",;:") + "..."
        summaries.append(js(s))
    locations = [js("%s, %s" % (c, rg) if rg else c) for (c, rg, cc) in CITIES]
    return names, emails, summaries, locations


def pick(rr, seq):
    return seq[int(rr() * len(seq))]


def tri(rr, p_pass, p_flag):
    """0 = pass, 1 = flag, 2 = fail."""
    x = rr()
    return 0 if x < p_pass else (1 if x < p_pass + p_flag else 2)


def gen_flat(r, count, out):
    rr = r.random
    names, emails, summaries, locations = build_pools(r)
    adj_for = {t: [a for a in ADJACENT if a != t] for _, t in TARGETS}
    oth_for = {t: [a for a in OTHER if a != t] for _, t in TARGETS}
    crm_js_hit = [js(x) for x in CRM_HIT]
    crm_js_miss = [js(x) for x in CRM_MISS]
    buf = []
    for i in range(1, count + 1):
        # 1. sales-experience (tenths of a year; exact boundaries now and then)
        o = tri(rr, 0.5, 0.3)
        if o == 0:
            sy = 100 if rr() < 0.04 else 100 + int(rr() * 151)          # 10.0-25.0
        elif o == 1:
            sy = 80 if rr() < 0.05 else 80 + int(rr() * 20)             # 8.0-9.9
        else:
            sy = int(rr() * 80)                                         # 0.0-7.9
        # 2. leadership
        o = tri(rr, 0.5, 0.3)
        if o == 0:
            ly = 30 if rr() < 0.05 else 30 + int(rr() * 91)             # 3.0-12.0
        elif o == 1:
            ly = 20 + int(rr() * 10)                                    # 2.0-2.9
        else:
            ly = int(rr() * 20)                                         # 0.0-1.9
        # target sector of the role
        x = rr()
        for cut, target in TARGETS:
            if x < cut:
                break
        # 4. sector-fit
        o = tri(rr, 0.5, 0.3)
        if o == 0:
            sector = target if rr() < 0.4 else pick(rr, CORE)
        elif o == 1:
            sector = pick(rr, adj_for[target])
        else:
            sector = pick(rr, oth_for[target])
        # 3. fs-compliance: probabilities chosen so that, with 60% financial-services
        # targets, the check comes out at about 50/30/20.
        if target == FS:
            fsc = rr() < (0.833 if sector == FS else 0.417)
        else:
            fsc = rr() < 0.4
        # 5./6. degree, advanced-degree
        x = rr()
        degree = ("none" if x < 0.10 else "associate" if x < 0.22 else "bachelor" if x < 0.62
                  else "master" if x < 0.92 else "doctorate")
        mba = (degree == "master" and rr() < 0.5) or (degree in ("bachelor", "none", "associate") and rr() < 0.25)
        # 7. quota attainment (hundredths)
        o = tri(rr, 0.5, 0.3)
        if o == 0:
            q = 100 if rr() < 0.04 else 100 + int(rr() * 60)            # 1.00-1.59
        elif o == 1:
            q = 90 if rr() < 0.05 else 90 + int(rr() * 10)              # 0.90-0.99
        else:
            q = 40 + int(rr() * 50)                                     # 0.40-0.89
        # 8. team size
        o = tri(rr, 0.5, 0.3)
        if o == 0:
            ts = 50 if rr() < 0.04 else 50 + int(rr() * 450)
        elif o == 1:
            ts = 20 + int(rr() * 30)
        else:
            ts = int(rr() * 20)
        # 9. crm tools
        n = int(rr() * 4)
        tools = [pick(rr, crm_js_miss) for _ in range(n)]
        if rr() < 0.62:
            tools.insert(int(rr() * (n + 1)), pick(rr, crm_js_hit))
        # 10. salary band
        o = tri(rr, 0.5, 0.3)
        if o == 0:
            sal = 300000 if rr() < 0.04 else 150000 + int(rr() * 151) * 1000
        elif o == 1:
            sal = 400000 if rr() < 0.05 else 301000 + int(rr() * 99) * 1000
        else:
            sal = 401000 + int(rr() * 300) * 1000
        ni = int(rr() * 4096)
        buf.append(
            '{"id":"c-%07d","name":%s,"email":"%s","location":%s,'
            '"sales_years":%d.%d,"leadership_years":%d.%d,"sector":"%s","fs_compliance":%s,'
            '"degree":"%s","field":"%s","mba":%s,"quota_attainment":%d.%02d,"team_size":%d,'
            '"crm_tools":[%s],"salary_expectation":%d,"target_sector":"%s","summary":%s}\n'
            % (i, names[ni], emails[ni] % (i % 97), locations[int(rr() * len(locations))],
               sy // 10, sy % 10, ly // 10, ly % 10, sector,
               "true" if fsc else "false", degree, FIELDS[int(rr() * len(FIELDS))],
               "true" if mba else "false", q // 100, q % 100, ts, ",".join(tools), sal,
               target, summaries[int(rr() * 1024)]))
        if len(buf) >= 2048:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))


def ym(y, m):
    return "%04d-%02d" % (y, m)


def gen_resume(r, count, out):
    """JSON Resume records. Built as dicts and serialised with json.dumps (one call per
    record): the resume shape is for the CSO pack benchmark (50k/s target), where a few
    tens of microseconds per record here are fine."""
    rr = r.random
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for i in range(1, count + 1):
        f, l = pick(rr, FIRST), pick(rr, LAST)
        city, region, cc = pick(rr, CITIES)
        rec = {"id": "r-%07d" % i}
        basics = {
            "name": f + " " + l,
            "label": pick(rr, ["Sales Executive", "Revenue Leader", "VP Sales", "Chief Revenue Officer",
                               "Go-to-market leader", "Account Director"]),
            "email": ("%s.%s%d@%s" % (f, l, i % 97, pick(rr, DOMAINS))).lower().replace("'", ""),
            "phone": "+1-555-%04d" % int(rr() * 10000),
            "summary": " ".join(pick(rr, SUMMARY_BITS) for _ in range(1 + int(rr() * 3))),
            "location": {"city": city, "region": region, "countryCode": cc},
            "profiles": [{"network": "LinkedIn", "username": (f + l).lower()}],
        }
        rec["basics"] = basics
        # Career: walk backwards from the as-of era; a few roles overlap, the latest is
        # often current (no endDate), older ones sometimes have year-only dates.
        work = []
        end_y, end_m = 2025, 1 + int(rr() * 12)
        current = rr() < 0.6
        njobs = 1 + int(rr() * 6)
        sector_pool = [FS] * 3 + CORE * 2 + ADJACENT + OTHER
        for j in range(njobs):
            length = 8 + int(rr() * 60)                                 # months
            start_total = end_y * 12 + end_m - 1 - length
            sy, sm = divmod(start_total, 12)
            sm += 1
            if sy < 1985:
                break
            kind = rr()
            if j == 0:
                pos = pick(rr, POSITIONS_LEAD) if kind < 0.6 else pick(rr, POSITIONS_SALES)
            else:
                pos = (pick(rr, POSITIONS_LEAD) if kind < 0.25 else pick(rr, POSITIONS_SALES)
                       if kind < 0.8 else pick(rr, POSITIONS_OTHER))
            job = {"name": pick(rr, COMPANIES), "position": pos}
            fmt = rr()
            if fmt < 0.15:                                              # year only
                job["startDate"] = "%04d" % sy
                end = "%04d" % end_y
            elif fmt < 0.85:
                job["startDate"] = ym(sy, sm)
                end = ym(end_y, end_m)
            else:
                job["startDate"] = ym(sy, sm) + "-%02d" % (1 + int(rr() * 28))
                end = ym(end_y, end_m) + "-%02d" % (1 + int(rr() * 28))
            if not (j == 0 and current):
                job["endDate"] = end
            job["summary"] = pick(rr, SUMMARY_BITS)
            job["highlights"] = [pick(rr, HIGHLIGHTS).format(n=2 + int(rr() * 8), t=5 + int(rr() * 80))
                                 for _ in range(int(rr() * 3))]
            job["industry"] = pick(rr, sector_pool)
            if pos in POSITIONS_LEAD or rr() < 0.2:
                x = rr()
                job["team_size"] = (50 + int(rr() * 300) if x < 0.5 else 20 + int(rr() * 30)
                                    if x < 0.8 else 3 + int(rr() * 17))
            if pos not in POSITIONS_OTHER and rr() < 0.8:
                q = 60 + int(rr() * 80)
                job["quota_attainment"] = float("%d.%02d" % (q // 100, q % 100))
            work.append(job)
            # next (older) role: usually ends before this one started, sometimes overlaps
            gap = int(rr() * 6) - (14 if rr() < 0.15 else 0)
            et = start_total - gap
            end_y, end_m = divmod(et, 12)
            end_m += 1
        rec["work"] = work
        x = rr()
        edu = []
        if x < 0.08:
            pass                                                        # no education listed
        else:
            study = ("Associate" if x < 0.18 else "Bachelor" if x < 0.65 else "Master"
                     if x < 0.80 else "MBA" if x < 0.95 else "Doctorate")
            ey = 1990 + int(rr() * 20)
            edu.append({"institution": pick(rr, SCHOOLS), "area": pick(rr, FIELDS).title(),
                        "studyType": study, "startDate": "%04d" % ey,
                        "endDate": "%04d" % (ey + 2 + int(rr() * 4))})
            if study in ("Bachelor", "Associate") and rr() < 0.2:
                edu.append({"institution": pick(rr, SCHOOLS), "area": "Business Administration",
                            "studyType": "MBA"})
        rec["education"] = edu
        kws = [pick(rr, CRM_HIT + CRM_MISS) for _ in range(int(rr() * 4))]
        rec["skills"] = [{"name": "Sales tools", "level": "Expert", "keywords": kws},
                         {"name": "Leadership", "keywords": ["coaching", "hiring", "forecasting"]}]
        certs = []
        for _ in range(int(rr() * 3)):
            cn, iss = pick(rr, CERTS)
            certs.append({"name": cn, "date": "%04d-%02d" % (2005 + int(rr() * 19), 1 + int(rr() * 12)),
                          "issuer": iss})
        rec["certificates"] = certs
        rec["languages"] = [{"language": "English", "fluency": "Native speaker"}]
        if rr() < 0.7:
            rec["salary_expectation"] = 150000 + int(rr() * 300) * 1000
        rec["target_sector"] = FS if rr() < 0.4 else "enterprise saas"
        out.write(dumps(rec))
        out.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shape", choices=["flat", "resume"], default="flat")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = random.Random(a.seed)
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", buffering=1 << 20,
               closefd=False)
    try:
        (gen_flat if a.shape == "flat" else gen_resume)(r, a.count, out)
        out.flush()
    except BrokenPipeError:
        # e.g. `gen.py ... | head`: not an error
        sys.stderr.close()
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
