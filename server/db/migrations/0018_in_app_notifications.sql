-- The admin bell's switches (issue 21), per user on the server beside the email ones: `in_app` NULL
-- means on (the default). A row made only for an in-app switch holds the email default in `enabled`.
ALTER TABLE notification_prefs ADD COLUMN in_app INTEGER;
