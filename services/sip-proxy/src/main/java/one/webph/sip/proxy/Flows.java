package one.webph.sip.proxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import one.webph.sip.location.Binding;
import one.webph.sip.message.UriParts;
import one.webph.sip.transport.ConnectionTable;
import one.webph.sip.transport.Flow;
import one.webph.sip.transport.StreamTransport;
import one.webph.sip.transport.UdpTransport;

/**
 * Turns "where to" into a flow to send on: a binding (the connection or UDP address its
 * REGISTER came from, which is what gets through NAT), a flow named in one of our Record-Route
 * tokens, or a URI (resolved, and connected for TCP and TLS).
 */
final class Flows {

    private final Vertx vertx;
    private final UdpTransport udp;
    private final StreamTransport tcp;
    private final StreamTransport tls;
    private final ConnectionTable connections;

    Flows(Vertx vertx, UdpTransport udp, StreamTransport tcp, StreamTransport tls, ConnectionTable connections) {
        this.vertx = vertx;
        this.udp = udp;
        this.tcp = tcp;
        this.tls = tls;
        this.connections = connections;
    }

    /** The flow of a binding; empty when its connection is gone (the binding is dead). */
    Optional<Flow> forBinding(Binding binding) {
        int colon = binding.received().lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            String host = binding.received().substring(0, colon);
            int port = Integer.parseInt(binding.received().substring(colon + 1));
            return forAddress(binding.transport(), new InetSocketAddress(host, port));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The flow for a transport and an address we have seen (never resolves names, never connects). */
    Optional<Flow> forAddress(String transport, InetSocketAddress address) {
        if ("UDP".equals(transport)) {
            return Optional.of(udp.flowTo(address));
        }
        return connections.find(Flow.key(transport, address));
    }

    /** A flow to the host of a URI: resolved, and for TCP and TLS an open or new connection. */
    Future<Flow> forUri(UriParts uri) {
        String transport = uri.transport();
        int port = uri.port() > 0 ? uri.port() : "TLS".equals(transport) ? 5061 : 5060;
        // An address written out needs no lookup, so no trip through a worker thread either.
        byte[] literal = io.netty.util.NetUtil.createByteArrayFromIpAddressString(uri.host());
        Future<InetAddress> resolved;
        if (literal != null) {
            try {
                resolved = Future.succeededFuture(InetAddress.getByAddress(literal));
            } catch (java.net.UnknownHostException e) {
                resolved = Future.failedFuture(e);
            }
        } else {
            resolved = vertx.executeBlocking(() -> InetAddress.getByName(uri.host()), false);
        }
        return resolved.compose(address -> {
            InetSocketAddress destination = new InetSocketAddress(address, port);
            return switch (transport) {
                case "UDP" -> Future.succeededFuture(udp.flowTo(destination));
                case "TCP" -> tcp == null ? Future.failedFuture("TCP is off") : tcp.connect(destination);
                case "TLS" -> tls == null ? Future.failedFuture("TLS is off") : tls.connect(destination);
                default -> connections.find(Flow.key(transport, destination))
                        .map(Future::succeededFuture)
                        .orElseGet(() -> Future.failedFuture("no open " + transport + " connection to " + destination));
            };
        });
    }
}
