-- Replies already sent for an update still in the inbox, so that a replay after a crash does
-- not send them again. One row per Bot API call that Telegram accepted while handling the
-- update: which call it was (a fingerprint of method and parameters) and Telegram's answer,
-- which the replay gets back instead of sending. Rows go when the update is marked handled.
CREATE TABLE reply_ledger (
    update_id   INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    result      TEXT NOT NULL,
    PRIMARY KEY (update_id, seq)
) WITHOUT ROWID;
