package one.webph.allocatenumber.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

import one.webph.allocatenumber.abuse.ClientAddressResolver;

/** Who is calling, as the rate limits and the logs see it. */
@ApplicationScoped
class ClientIdentity {

    private final ClientAddressResolver resolver;

    ClientIdentity(ClientAddressResolver resolver) {
        this.resolver = resolver;
    }

    String address(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return resolver.resolve(peer, request.getHeader("X-Forwarded-For"));
    }
}
