package org.sigillo.profile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.sigillo.ca.EndEntityRequest;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.Ente;

/**
 * The three certificate profiles of DOMAIN.md as requests to an issuing CA. Every certificate
 * is valid 6 calendar years (UTC) from issue; notBefore is back-dated 5 minutes so that a PC
 * whose clock is a little behind accepts a certificate issued a moment ago.
 */
public final class Profiles {
    /** How long every end-entity certificate lives. */
    public static final Period VALIDITY = Period.ofYears(6);
    /** Back-dating of notBefore, for clock skew. */
    public static final Duration BACKDATE = Duration.ofMinutes(5);
    /** RFC 5280's upper bound for a CN and an O (ub-common-name, ub-organization-name). */
    private static final int UB_NAME = 64;

    private final Clock clock;

    public Profiles(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Workstation: CN = code, O = ente, C = IT; digitalSignature (+ keyEncipherment for RSA);
     * EKU clientAuth.
     */
    public EndEntityRequest workstation(EntityCode code, Ente ente, SubjectPublicKeyInfo key) {
        requireKind(code, EntityCode.Kind.PC);
        KeyPolicy.Family family = KeyPolicy.check(key);
        int usage = KeyUsage.digitalSignature | (family == KeyPolicy.Family.RSA ? KeyUsage.keyEncipherment : 0);
        return request(enteSubject(code, ente), key, usage, List.of(KeyPurposeId.id_kp_clientAuth), Optional.empty());
    }

    /**
     * Server: CN = code ({ISTAT}-CO-9999 …), O = ente, C = IT; EKU clientAuth; a key usage that
     * lets the central platform encrypt notifications to it: keyEncipherment for RSA,
     * keyAgreement for EC.
     */
    public EndEntityRequest server(EntityCode code, Ente ente, SubjectPublicKeyInfo key) {
        requireKind(code, EntityCode.Kind.CO);
        KeyPolicy.Family family = KeyPolicy.check(key);
        int usage = KeyUsage.digitalSignature
                | (family == KeyPolicy.Family.RSA ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement);
        return request(enteSubject(code, ente), key, usage, List.of(KeyPurposeId.id_kp_clientAuth), Optional.empty());
    }

    /**
     * Smart card: serialNumber TINIT-{CF} (ETSI EN 319 412-1), givenName, surname,
     * CN "{given} {surname}", C = IT; digitalSignature (+ keyEncipherment for RSA); EKU
     * clientAuth + emailProtection; the holder's e-mail as rfc822Name when given.
     */
    public EndEntityRequest smartCard(CodiceFiscale cf, String givenName, String surname, Optional<EmailAddress> email,
                                      SubjectPublicKeyInfo key) {
        String given = requireName(givenName, "given name");
        String sur = requireName(surname, "surname");
        KeyPolicy.Family family = KeyPolicy.check(key);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "IT")
                .addRDN(BCStyle.SERIALNUMBER, cf.tinIt())
                .addRDN(BCStyle.GIVENNAME, given)
                .addRDN(BCStyle.SURNAME, sur)
                .addRDN(BCStyle.CN, fitted(given + " " + sur))
                .build();
        int usage = KeyUsage.digitalSignature | (family == KeyPolicy.Family.RSA ? KeyUsage.keyEncipherment : 0);
        Optional<GeneralNames> san = email.map(e -> new GeneralNames(new GeneralName(GeneralName.rfc822Name, e.toString())));
        return request(subject, key, usage, List.of(KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_emailProtection), san);
    }

    /** The notAfter of a certificate issued at {@code issuedAt}: {@link #VALIDITY} later, in calendar years (UTC). */
    public static Instant notAfter(Instant issuedAt) {
        return issuedAt.atOffset(ZoneOffset.UTC).plus(VALIDITY).toInstant();
    }

    private EndEntityRequest request(X500Name subject, SubjectPublicKeyInfo key, int usage, List<KeyPurposeId> eku,
                                     Optional<GeneralNames> san) {
        Instant now = clock.instant();
        return new EndEntityRequest(subject, key, now.minus(BACKDATE), notAfter(now), usage, eku, san);
    }

    private static X500Name enteSubject(EntityCode code, Ente ente) {
        if (!code.istat().equals(ente.code())) {
            throw new IllegalArgumentException("code " + code + " does not belong to ente " + ente.code());
        }
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "IT")
                .addRDN(BCStyle.O, fitted(ente.name()))
                .addRDN(BCStyle.CN, code.toString())
                .build();
    }

    private static void requireKind(EntityCode code, EntityCode.Kind kind) {
        if (code.kind() != kind) {
            throw new IllegalArgumentException("code " + code + " is not a " + kind + " code");
        }
    }

    private static String requireName(String name, String what) {
        return PersonNames.require("the holder's " + what, name);
    }

    /**
     * {@code value} cut to RFC 5280's upper bound of 64 characters for a CN or an O
     * (ub-common-name, ub-organization-name), at a character boundary, trailing spaces dropped.
     * The full names stay where nothing bounds them: givenName and surname (RFC 5280 ub-name,
     * 32,768) and the store. A holder may have two 64-character names, and a Prefettura's name
     * ("Prefettura - Ufficio Territoriale del Governo di Reggio nell'Emilia") runs past 64; the
     * serialNumber (TINIT-CF) and the code in the CN identify the subject, so they are never cut.
     */
    static String fitted(String value) {
        if (value.length() <= UB_NAME) {
            return value;
        }
        int end = Character.isLowSurrogate(value.charAt(UB_NAME)) ? UB_NAME - 1 : UB_NAME;
        return value.substring(0, end).stripTrailing();
    }
}
