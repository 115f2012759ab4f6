package one.webph.allocatenumber.numbers;

/** A number just allocated, with its password: the only moment the password exists. */
public record AllocatedNumber(String number, String prefix, String domain, String password) {

    @Override
    public String toString() {
        return "AllocatedNumber[" + number + "@" + domain + "]";
    }
}
