-- When a TCP, TLS or WebSocket connection closes, sip-proxy removes the bindings that came over
-- it (WHERE transport = ? AND received = ?); without this index each close read the whole table.
CREATE INDEX location_flow_idx ON location (transport, received);
