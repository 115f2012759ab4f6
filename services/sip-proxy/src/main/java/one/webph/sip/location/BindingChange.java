package one.webph.sip.location;

/** One change a REGISTER makes to the bindings of its number (RFC 3261 §10.3 steps 6-8). */
public sealed interface BindingChange {

    /** Adds or refreshes a binding; a device (+sip.instance) keeps one binding, whatever its contact. */
    record Save(Binding binding) implements BindingChange {
    }

    /** Removes one contact (it was registered with expires 0). */
    record Remove(String contact) implements BindingChange {
    }

    /** Removes every contact of the number (Contact: * with Expires: 0). */
    record RemoveAll() implements BindingChange {
    }
}
