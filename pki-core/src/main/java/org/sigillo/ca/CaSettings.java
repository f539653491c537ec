package org.sigillo.ca;

import java.net.URI;
import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.sigillo.hsm.KeySpec;

/**
 * How Sigillo's CA hierarchy is built: key kind, names, validities, the base URL its CRL
 * distribution points and OCSP locations hang from, and the key-label prefix in the vault.
 * Immutable; {@link Builder#build()} refuses a hierarchy that could not carry 6-year
 * certificates.
 */
public final class CaSettings {
    /** End-entity certificates live 6 years; issuing CAs must outlive them by this margin at least. */
    public static final Period END_ENTITY_VALIDITY = Period.ofYears(6);

    private final KeySpec keySpec;
    private final X500Name rootName;
    private final X500Name workstationCaName;
    private final X500Name smartCardCaName;
    private final Period rootValidity;
    private final Period issuingValidity;
    private final Period ocspValidity;
    private final URI baseUrl;
    private final String labelPrefix;

    private CaSettings(Builder b) {
        this.keySpec = b.keySpec;
        this.rootName = b.rootName;
        this.workstationCaName = b.workstationCaName;
        this.smartCardCaName = b.smartCardCaName;
        this.rootValidity = b.rootValidity;
        this.issuingValidity = b.issuingValidity;
        this.ocspValidity = b.ocspValidity;
        this.baseUrl = b.baseUrl;
        this.labelPrefix = b.labelPrefix;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every default: EC P-256, 20/12/2-year validities, http://127.0.0.1:8080. */
    public static CaSettings defaults() {
        return builder().build();
    }

    public KeySpec keySpec() {
        return keySpec;
    }

    public X500Name name(CaRole role) {
        return switch (role) {
            case ROOT -> rootName;
            case WORKSTATION_CA -> workstationCaName;
            case SMARTCARD_CA -> smartCardCaName;
            case WORKSTATION_OCSP -> new X500Name("CN=Sigillo Workstation CA OCSP Signer,O=Sigillo,C=IT");
            case SMARTCARD_OCSP -> new X500Name("CN=Sigillo Smart Card CA OCSP Signer,O=Sigillo,C=IT");
        };
    }

    public Period validity(CaRole role) {
        return switch (role) {
            case ROOT -> rootValidity;
            case WORKSTATION_CA, SMARTCARD_CA -> issuingValidity;
            case WORKSTATION_OCSP, SMARTCARD_OCSP -> ocspValidity;
        };
    }

    /** The CRL distribution point of the certificates a CA issues ({@code {base}/crl/{name}.crl}). */
    public URI crlUri(CaRole issuer) {
        return switch (issuer) {
            case ROOT -> baseUrl.resolve("/crl/root.crl");
            case WORKSTATION_CA -> baseUrl.resolve("/crl/workstation.crl");
            case SMARTCARD_CA -> baseUrl.resolve("/crl/smartcard.crl");
            default -> throw new IllegalArgumentException(issuer + " issues no certificates");
        };
    }

    /** The OCSP responder of an issuing CA: one responder at {@code {base}/ocsp} answers for both (it tells the CAs apart by the request's CertID). */
    public URI ocspUri(CaRole issuer) {
        return switch (issuer) {
            case WORKSTATION_CA, SMARTCARD_CA -> baseUrl.resolve("/ocsp");
            default -> throw new IllegalArgumentException(issuer + " has no OCSP responder");
        };
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public String label(CaRole role) {
        return role.label(labelPrefix);
    }

    /** Builder that checks each value and the combination. */
    public static final class Builder {
        private KeySpec keySpec = KeySpec.EC_P256;
        private X500Name rootName = new X500Name("CN=Sigillo Root CA,O=Sigillo,C=IT");
        private X500Name workstationCaName = new X500Name("CN=Sigillo Workstation and Server CA,O=Sigillo,C=IT");
        private X500Name smartCardCaName = new X500Name("CN=Sigillo Smart Card CA,O=Sigillo,C=IT");
        private Period rootValidity = Period.ofYears(20);
        private Period issuingValidity = Period.ofYears(12);
        private Period ocspValidity = Period.ofYears(2);
        private URI baseUrl = URI.create("http://127.0.0.1:8080");
        private String labelPrefix = "sigillo";

        private Builder() {
        }

        public Builder keySpec(KeySpec keySpec) {
            this.keySpec = Objects.requireNonNull(keySpec, "keySpec");
            return this;
        }

        public Builder rootName(String dn) {
            this.rootName = new X500Name(dn);
            return this;
        }

        public Builder workstationCaName(String dn) {
            this.workstationCaName = new X500Name(dn);
            return this;
        }

        public Builder smartCardCaName(String dn) {
            this.smartCardCaName = new X500Name(dn);
            return this;
        }

        public Builder validities(Period root, Period issuing, Period ocsp) {
            this.rootValidity = Objects.requireNonNull(root);
            this.issuingValidity = Objects.requireNonNull(issuing);
            this.ocspValidity = Objects.requireNonNull(ocsp);
            return this;
        }

        public Builder baseUrl(URI baseUrl) {
            if (baseUrl == null || !"http".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("the base URL must be an http URL with a host (CRLs and OCSP are served over "
                        + "plain HTTP, RFC 5280 4.2.1.13 / RFC 6960), was: " + baseUrl);
            }
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder labelPrefix(String prefix) {
            if (prefix == null || !prefix.matches("[A-Za-z0-9_-]{1,40}")) {
                throw new IllegalArgumentException("label prefix must be 1-40 of [A-Za-z0-9_-], was: " + prefix);
            }
            this.labelPrefix = prefix;
            return this;
        }

        public CaSettings build() {
            LocalDate d = LocalDate.of(2026, 1, 1);
            if (d.plus(issuingValidity).isBefore(d.plus(END_ENTITY_VALIDITY).plusYears(1))) {
                throw new IllegalArgumentException("issuing CA validity " + issuingValidity
                        + " must exceed the 6-year end-entity validity by at least one year");
            }
            if (d.plus(rootValidity).isBefore(d.plus(issuingValidity))) {
                throw new IllegalArgumentException("root validity " + rootValidity + " is shorter than the issuing CAs' "
                        + issuingValidity);
            }
            if (ocspValidity.isNegative() || ocspValidity.isZero()) {
                throw new IllegalArgumentException("OCSP signer validity must be positive, was " + ocspValidity);
            }
            return new CaSettings(this);
        }
    }
}
