-- How a platform that cannot message an id directly (Microsoft Teams) reaches a person or channel later: the service
-- URL and conversation captured from a validated inbound activity, or a roster member (platform user id, no
-- conversation yet). Keyed by the neutral address (a person identity or a channel reference).
create table conversation_references (
    address text primary key,
    service_url text not null,
    conversation_id text,
    platform_user_id text,
    updated_at text not null
);
-- Mentions carry only the platform's user id (Teams' 29:…); this finds the identity stored from the roster.
create index conversation_references_platform_user on conversation_references (platform_user_id);
