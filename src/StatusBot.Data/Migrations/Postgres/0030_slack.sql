-- Slack Events API delivers an event up to four times (first try plus three retries): its event_id is
-- recorded before the acknowledgement so each event is processed once, on whichever instance sees it first.
create table slack_events (
    event_id text primary key,
    team_id text not null,
    received_at timestamptz not null
);
create index slack_events_received on slack_events (received_at);

-- One row per workspace that installed the app through OAuth v2; the bot token is AES-GCM encrypted.
create table slack_installations (
    team_id text primary key,
    team_name text not null,
    bot_user_id text not null,
    encrypted_bot_token text not null,
    installed_by_user_id text not null,
    installed_at timestamptz not null
);
