package org.sigillo.profile;

/**
 * The optional name of a workstation (nome postazione): letters (accented ones too), digits,
 * spaces, '-' and '_' only, 1 to 64 characters after trimming. It is kept in the store and
 * shown to operators, not put in the certificate.
 */
public record WorkstationLabel(String value) {
    public WorkstationLabel {
        if (value == null) {
            throw new InvalidLabelException("null", "no label given");
        }
        value = value.trim();
        if (value.isEmpty() || value.length() > 64) {
            throw new InvalidLabelException(value, "a label has 1 to 64 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == ' ' || c == '-' || c == '_')) {
                throw new InvalidLabelException(value, "character '" + c + "' at position " + (i + 1)
                        + " is not allowed (letters, digits, spaces, '-' and '_' only)");
            }
        }
    }
}
