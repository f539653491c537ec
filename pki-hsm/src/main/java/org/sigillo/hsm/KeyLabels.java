package org.sigillo.hsm;

import java.util.regex.Pattern;

/** The rule for key labels: 1 to 64 characters of letters, digits, '.', '_' and '-'. */
public final class KeyLabels {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private KeyLabels() {
    }

    /**
     * @throws IllegalArgumentException naming the label when it does not follow the rule
     */
    public static String check(String label) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("key label must be 1-64 characters of [A-Za-z0-9._-], was: " + label);
        }
        return label;
    }
}
