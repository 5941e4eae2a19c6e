-- OAuth install states already used: a state is single-use on every instance (the callback inserts its nonce and
-- refuses when the row exists). Rows older than the state's lifetime are pruned on the next use.
create table slack_install_states (
    nonce text primary key,
    used_at text not null
);
