-- local placeholder for another branch's migration (not committed)
CREATE TABLE IF NOT EXISTS placeholder_0015 (x INTEGER);
