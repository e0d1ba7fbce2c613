-- local placeholder for another branch's migration (not committed)
CREATE TABLE IF NOT EXISTS placeholder_0016 (x INTEGER);
