package one.webph.sip.registrar;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import javax.sip.header.ExpiresHeader;
import javax.sip.header.UserAgentHeader;

import org.jboss.logging.Logger;

import one.webph.sip.auth.DigestAuthenticator;
import one.webph.sip.config.SipConfig;
import one.webph.sip.location.Binding;
import one.webph.sip.location.BindingChange;
import one.webph.sip.location.LocationStore;
import one.webph.sip.location.OutOfOrderRegistration;
import one.webph.sip.message.SipCodec;

/**
 * REGISTER (RFC 3261 §10.3): authenticates with digest, adds, refreshes or removes the
 * contacts of the number in the To header, and answers with every current binding: at once when
 * the number's bindings are in memory (the table follows), else once they are committed. Blocks
 * only to read credentials that are not cached (DigestAuthenticator says beforehand), so callers
 * run it on a worker thread only then.
 */
@ApplicationScoped
public class Registrar {

    private static final Logger LOG = Logger.getLogger(Registrar.class);

    private final SipConfig config;
    private final DigestAuthenticator authenticator;
    private final LocationStore locations;
    private final HeaderFactoryImpl headers = new HeaderFactoryImpl();
    private final AddressFactoryImpl addresses = new AddressFactoryImpl();

    Registrar(SipConfig config, DigestAuthenticator authenticator, LocationStore locations) {
        this.config = config;
        this.authenticator = authenticator;
        this.locations = locations;
    }

    /**
     * The outcome: the response, whether credentials were sent and wrong (for the abuse counter),
     * and after a successful registration the number and its bindings (for calls waiting for it).
     */
    public record Outcome(SIPResponse response, boolean failedAuthentication, String aor, List<Binding> bindings) {
        Outcome(SIPResponse response, boolean failedAuthentication) {
            this(response, failedAuthentication, null, List.of());
        }
    }

    /**
     * Completes at once for a challenge, a refusal, or a registration of a number whose bindings
     * are in memory; else after the database commit (then on a location writer thread).
     */
    public CompletionStage<Outcome> register(SIPRequest request, InetSocketAddress source, String transport) {
        DigestAuthenticator.Result result = authenticator.check(request, "Authorization");
        if (result instanceof DigestAuthenticator.Challenge challenge) {
            SIPResponse response = SipCodec.respond(request, 401, "Unauthorized");
            authenticator.challenge(response, "WWW-Authenticate", challenge.stale());
            return CompletableFuture.completedFuture(new Outcome(response, challenge.failed()));
        }
        String user = ((DigestAuthenticator.Authenticated) result).username();
        String aor = toUser(request);
        if (!user.equals(aor)) {
            LOG.infof("Refused REGISTER of %s by %s from %s: third-party registration", aor, user, source);
            return CompletableFuture.completedFuture(new Outcome(SipCodec.respond(request, 403, "Forbidden: register your own number"), false));
        }
        List<BindingChange> changes = new ArrayList<>();
        SIPResponse refusal;
        try {
            refusal = changes(request, aor, source, transport, changes);
        } catch (ParseException e) {
            refusal = SipCodec.respond(request, 400, "Bad Contact");
        }
        if (refusal != null) {
            return CompletableFuture.completedFuture(new Outcome(refusal, false));
        }
        return locations.apply(aor, config.domain(), changes)
                .thenApply(bindings -> new Outcome(ok(request, bindings), false, aor, bindings))
                .exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof OutOfOrderRegistration) {
                        LOG.infof("Refused REGISTER of %s from %s: CSeq %d of Call-ID %s is not newer than its binding's (a delayed"
                                + " or replayed request)", aor, source, request.getCSeq().getSeqNumber(), request.getCallId().getCallId());
                        return new Outcome(SipCodec.respond(request, 400, "Invalid CSeq number"), false);
                    }
                    throw error instanceof CompletionException completion ? completion : new CompletionException(error);
                });
    }

    /** Fills in the changes the Contact headers ask for; a response when they are refused instead. */
    private SIPResponse changes(SIPRequest request, String aor, InetSocketAddress source, String transport,
                                List<BindingChange> changes) throws ParseException {
        ContactList contacts = request.getContactHeaders();
        if (contacts == null || contacts.isEmpty()) {
            return null; // A query: RFC 3261 §10.2.3.
        }
        ExpiresHeader expiresHeader = request.getExpires();
        int requestExpires = expiresHeader == null ? -1 : expiresHeader.getExpires();
        ListIterator<?> iterator = contacts.listIterator();
        while (iterator.hasNext()) {
            Contact contact = (Contact) iterator.next();
            if (contact.isWildCard()) {
                // RFC 3261 §10.3 step 6: "*" only alone and with Expires: 0.
                if (contacts.size() != 1 || requestExpires != 0) {
                    return SipCodec.respond(request, 400, "Wildcard Contact needs Expires: 0 and no other Contact");
                }
                changes.add(new BindingChange.RemoveAll(request.getCallId().getCallId(), request.getCSeq().getSeqNumber()));
                LOG.infof("%s unregistered every contact from %s", aor, source);
                return null;
            }
            int expires = contact.getExpires() >= 0 ? contact.getExpires() : requestExpires >= 0 ? requestExpires : config.registrar().defaultExpires();
            String uri = contact.getAddress().getURI().toString();
            if (expires == 0) {
                changes.add(new BindingChange.Remove(uri, request.getCallId().getCallId(), request.getCSeq().getSeqNumber()));
                continue;
            }
            if (expires < config.registrar().minExpires()) {
                SIPResponse brief = SipCodec.respond(request, 423, "Interval Too Brief");
                brief.addHeader(headers.createHeader("Min-Expires", Integer.toString(config.registrar().minExpires())));
                return brief;
            }
            expires = Math.min(expires, config.registrar().maxExpires());
            Binding binding = binding(request, contact, uri, expires, source, transport);
            String tooLong = binding.tooLongForTheTable();
            if (tooLong != null) {
                return SipCodec.respond(request, 400, tooLong + " too long");
            }
            changes.add(new BindingChange.Save(binding));
        }
        return null;
    }

    private Binding binding(SIPRequest request, Contact contact, String uri, int expires, InetSocketAddress source, String transport) {
        String instance = unquote(contact.getParameter("+sip.instance"));
        String regId = contact.getParameter("reg-id");
        SipUri sipUri = contact.getAddress().getURI() instanceof SipUri s ? s : null;
        UserAgentHeader agent = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        return new Binding(uri, instance == null ? "" : instance, regId == null ? 0 : parseInt(regId),
                source.getAddress().getHostAddress() + ":" + source.getPort(), transport, expiry(expires),
                parameter(sipUri, "pn-provider"), parameter(sipUri, "pn-prid"), parameter(sipUri, "pn-param"),
                request.getCallId().getCallId(), request.getCSeq().getSeqNumber(),
                agent == null ? "" : truncate(String.join(" ", toStrings(agent.getProduct())), 255), path(request));
    }

    /**
     * Whole seconds, as SIP counts them and as the table keeps them (the MySQL driver drops the
     * fraction for a server that reports itself as MariaDB does), so memory and table agree.
     */
    private static Instant expiry(int seconds) {
        return Instant.now().plusSeconds(seconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** RFC 3327: the Path headers of the REGISTER, in order, as one comma-separated value. */
    private static String path(SIPRequest request) {
        List<String> entries = new ArrayList<>();
        ListIterator<?> headers = request.getHeaders("Path");
        while (headers.hasNext()) {
            String value = ((javax.sip.header.Header) headers.next()).toString();
            entries.add(value.substring(value.indexOf(':') + 1).trim());
        }
        String joined = String.join(", ", entries);
        return joined.length() > 512 ? "" : joined;
    }

    private SIPResponse ok(SIPRequest request, List<Binding> bindings) {
        try {
            return okWithContacts(request, bindings);
        } catch (ParseException e) {
            throw new IllegalStateException("A stored contact does not parse: " + e.getMessage(), e);
        }
    }

    private SIPResponse okWithContacts(SIPRequest request, List<Binding> bindings) throws ParseException {
        SIPResponse response = SipCodec.respondSharing(request, 200, "OK");
        ListIterator<?> paths = request.getHeaders("Path");
        while (paths.hasNext()) {
            response.addHeader((javax.sip.header.Header) ((javax.sip.header.Header) paths.next()).clone()); // RFC 3327 §5.3: echoed.
        }
        long now = Instant.now().getEpochSecond();
        for (Binding binding : bindings) {
            Contact contact = contactOf(request, binding);
            contact.setExpires((int) Math.max(1, binding.expires().getEpochSecond() - now));
            response.addHeader(contact);
        }
        response.addHeader(headers.createDateHeader(Calendar.getInstance()));
        return response;
    }

    /**
     * A Contact for the 200 listing the binding: the REGISTER's own address when it registered
     * that contact (nearly always the only binding), so only another device's contact is parsed
     * from its text (that parse was ~3% of the CPU of a registration).
     */
    private Contact contactOf(SIPRequest request, Binding binding) throws ParseException {
        ContactList contacts = request.getContactHeaders();
        if (contacts != null) {
            for (Object header : contacts) {
                javax.sip.address.URI uri = ((Contact) header).getAddress().getURI();
                if (!((Contact) header).isWildCard() && uri.toString().equals(binding.contact())) {
                    // Shared, not copied: neither message changes it any more.
                    return (Contact) headers.createContactHeader(addresses.createAddress(uri));
                }
            }
        }
        return (Contact) headers.createHeader("Contact", "<" + binding.contact() + ">");
    }

    private static String toUser(SIPRequest request) {
        return request.getTo().getAddress().getURI() instanceof SipUri uri && uri.getUser() != null ? uri.getUser() : "";
    }

    private static String parameter(SipUri uri, String name) {
        String value = uri == null ? null : uri.getParameter(name);
        return value == null ? "" : truncate(value, 500);
    }

    private static String unquote(String value) {
        return value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> toStrings(java.util.ListIterator<?> items) {
        List<String> out = new ArrayList<>();
        items.forEachRemaining(item -> out.add(String.valueOf(item)));
        return out;
    }

    private static String truncate(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }
}
