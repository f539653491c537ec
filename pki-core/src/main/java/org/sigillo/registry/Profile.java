package org.sigillo.registry;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/** The profiles (roles) a user may hold in an ente: four administrative ones and the operator ones. */
public enum Profile {
    /** Sindaco o Commissario (the mayor); excludes every other profile. */
    ASC("ASC", "Sindaco o Commissario"),
    /** Amministratore di Primo Livello, the mayor's delegate. */
    APL("APL", "Amministratore di Primo Livello"),
    /** Amministratore Locale della Sicurezza: users, profiles, smart cards. */
    ALS("ALS", "Amministratore Locale della Sicurezza"),
    /** Amministratore Locale delle Postazioni: workstation and server certificates. */
    ALP("ALP", "Amministratore Locale delle Postazioni"),
    /** Operator: Privilegiato con Smart card. */
    PRIVILEGIATO_SMART_CARD("PRIVILEGIATO_SMART_CARD", "Privilegiato con Smart card"),
    /** Operator: Consultazione. */
    CONSULTAZIONE("CONSULTAZIONE", "Consultazione"),
    /** Operator: Estrazione. */
    ESTRAZIONE("ESTRAZIONE", "Estrazione"),
    /** Operator: Certificazione. */
    CERTIFICAZIONE("CERTIFICAZIONE", "Certificazione"),
    /** Operator: Cancellazione. */
    CANCELLAZIONE("CANCELLAZIONE", "Cancellazione"),
    /** Operator: Mutazione. */
    MUTAZIONE("MUTAZIONE", "Mutazione"),
    /** Operator: Annullamento. */
    ANNULLAMENTO("ANNULLAMENTO", "Annullamento"),
    /** Operator: Iscrizione. */
    ISCRIZIONE("ISCRIZIONE", "Iscrizione"),
    /** Operator: Carta di Identità. */
    CARTA_IDENTITA("CARTA_IDENTITA", "Carta di Identità"),
    /** Operator: Servizi di Utilità. */
    SERVIZI_UTILITA("SERVIZI_UTILITA", "Servizi di Utilità"),
    /** Operator: Subentro. */
    SUBENTRO("SUBENTRO", "Subentro"),
    /** Operator: Servizi di Amministrazione. */
    SERVIZI_AMMINISTRAZIONE("SERVIZI_AMMINISTRAZIONE", "Servizi di Amministrazione"),
    /** Operator: Supervisore. */
    SUPERVISORE("SUPERVISORE", "Supervisore");

    private static final Profile[] ALL = values();

    private final String code;
    private final String label;

    Profile(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The short code ({@code ALS}) or, for operators, the constant name. */
    public String code() {
        return code;
    }

    /** The Italian name shown in the console. */
    public String label() {
        return label;
    }

    /** Whether this is one of the operator profiles (not ASC, APL, ALS or ALP). */
    public boolean isOperator() {
        return ordinal() > ALP.ordinal();
    }

    /**
     * Parses a profile from its code or its Italian name, case-insensitively; spaces, hyphens
     * and accents do not matter ({@code "carta di identita"}, {@code "Carta di Identità"} and
     * {@code CARTA_IDENTITA} are the same).
     *
     * @throws UnknownProfileException naming the text when no profile matches
     */
    public static Profile parse(String text) {
        Objects.requireNonNull(text, "text");
        String key = normalize(text);
        if (!key.isEmpty()) {
            for (Profile p : ALL) {
                if (p.code.equals(key) || normalize(p.label).equals(key)) {
                    return p;
                }
            }
        }
        throw new UnknownProfileException(text.strip());
    }

    private static String normalize(String s) {
        String noAccents = Normalizer.normalize(s.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return noAccents.toUpperCase(Locale.ROOT).replaceAll("[\\s_\\-]+", "_");
    }
}
