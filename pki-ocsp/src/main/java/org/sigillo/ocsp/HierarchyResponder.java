package org.sigillo.ocsp;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.sigillo.ca.CaHierarchy;
import org.sigillo.ca.CaRole;
import org.sigillo.status.StatusSource;

/**
 * An {@link OcspResponder} for both issuing CAs of a {@link CaHierarchy}, each answered by its
 * delegated OCSP signer (key in the vault), from the engine's live status.
 */
public final class HierarchyResponder {
    private HierarchyResponder() {
    }

    public static OcspResponder of(CaHierarchy ca, StatusSource status, Clock clock, Duration validity) {
        OcspResponderBuilder b = OcspResponder.builder().clock(clock).validity(validity);
        for (CaRole issuing : List.of(CaRole.WORKSTATION_CA, CaRole.SMARTCARD_CA)) {
            var authority = issuing == CaRole.WORKSTATION_CA ? ca.workstationCa() : ca.smartCardCa();
            var pool = ca.ocspSignerPool(issuing);
            b.issuer(new OcspIssuer(authority.certificate(), List.of(ca.ocspSignerCertificate(issuing)), pool::contentSigner, status));
        }
        return b.build();
    }
}
