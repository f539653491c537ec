package org.sigillo.registry;

import java.util.Locale;
import java.util.Objects;

/**
 * An e-mail address (ordinary or PEC), with a deliberately plain rule: {@code local@domain},
 * at most 254 characters; the local part is 1..64 of {@code A-Z a-z 0-9 ! # $ % & ' * + - / = ? ^ _ ` { | } ~}
 * and dots (not first, last or doubled, no quoted forms); the domain has at least two labels of
 * letters, digits and inner hyphens (1..63 each) and ends in a top-level label of two or more
 * letters. Surrounding whitespace is trimmed and the domain is stored in lower case.
 *
 * @param value the address
 */
public record EmailAddress(String value) {

    private static final String LOCAL_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    /** Checks the address; throws {@link InvalidEmailAddressException} otherwise. */
    public EmailAddress {
        Objects.requireNonNull(value, "value");
        String trimmed = value.strip();
        int at = trimmed.lastIndexOf('@');
        if (at < 0 || trimmed.indexOf('@') != at) {
            throw new InvalidEmailAddressException(value, "exactly one '@' is required");
        }
        if (trimmed.length() > 254) {
            throw new InvalidEmailAddressException(value, "longer than 254 characters");
        }
        String local = trimmed.substring(0, at);
        String domain = trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
        checkLocal(value, local);
        checkDomain(value, domain);
        value = local + "@" + domain;
    }

    /** Parses an address (same as the constructor). */
    public static EmailAddress parse(String text) {
        return new EmailAddress(text);
    }

    /** The domain part, lower case. */
    public String domain() {
        return value.substring(value.indexOf('@') + 1);
    }

    private static void checkLocal(String input, String local) {
        if (local.isEmpty() || local.length() > 64) {
            throw new InvalidEmailAddressException(input, "the local part must be 1..64 characters");
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new InvalidEmailAddressException(input, "misplaced dot in the local part");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!isAsciiAlnum(c) && c != '.' && LOCAL_SPECIALS.indexOf(c) < 0) {
                throw new InvalidEmailAddressException(input, "character '" + c + "' not allowed in the local part");
            }
        }
    }

    private static void checkDomain(String input, String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidEmailAddressException(input, "the domain needs at least two labels");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                throw new InvalidEmailAddressException(input, "a domain label must be 1..63 characters");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new InvalidEmailAddressException(input, "a domain label may not start or end with '-'");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!isAsciiAlnum(c) && c != '-') {
                    throw new InvalidEmailAddressException(input, "character '" + c + "' not allowed in the domain");
                }
            }
        }
        String tld = labels[labels.length - 1];
        if (tld.length() < 2 || !tld.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            throw new InvalidEmailAddressException(input, "the top-level domain must be two or more letters");
        }
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    @Override
    public String toString() {
        return value;
    }
}
