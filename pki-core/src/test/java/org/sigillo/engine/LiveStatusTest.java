package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.KeySpec;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.CertificateKind;
import org.sigillo.registry.IstatCode;
import org.sigillo.status.CertStatus;
import org.sigillo.status.StatusHandle;

/** The live status keeps the newest change of each certificate, whatever order the updates arrive in. */
class LiveStatusTest {
    private static final byte[] ISSUER = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f1011121314");
    private static final BigInteger SERIAL = new BigInteger("2ad2f00d", 16);

    private static CertificateRecord record(CertificateState state, Optional<RevocationReason> reason, long changeSeq) {
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        return new CertificateRecord(1, CertificateKind.WORKSTATION, "058091-PC-0001", IstatCode.parse("058091"), state,
                Optional.empty(), KeySpec.EC_P256, Optional.empty(), t, t, Optional.of(SERIAL),
                Optional.of(HexFormat.of().formatHex(ISSUER)), Optional.of(t), Optional.of(t.plusSeconds(3600)), Optional.empty(),
                reason.map(r -> t), reason, Optional.empty(), changeSeq);
    }

    @Test
    void anOlderUpdateArrivingLateDoesNotUndoANewerOne() {
        LiveStatus live = new LiveStatus();
        live.apply(record(CertificateState.ATTIVO, Optional.empty(), 3));
        assertEquals(CertStatus.GOOD, live.status(ISSUER, SERIAL));
        // a block (change 5) and the unblock before it (change 4), applied in the wrong order
        live.apply(record(CertificateState.BLOCCATO, Optional.of(RevocationReason.CERTIFICATE_HOLD), 5));
        live.apply(record(CertificateState.ATTIVO, Optional.empty(), 4));
        assertInstanceOf(CertStatus.Revoked.class, live.status(ISSUER, SERIAL), "change 5 is the newest: blocked");
        live.apply(record(CertificateState.ATTIVO, Optional.empty(), 6));
        assertEquals(CertStatus.GOOD, live.status(ISSUER, SERIAL), "change 6 unblocks");
        live.apply(record(CertificateState.ATTIVO, Optional.empty(), 6));
        assertEquals(CertStatus.GOOD, live.status(ISSUER, SERIAL), "the same change applied twice is harmless");
    }

    @Test
    void aHandleTakenBeforeTheCertificateIsKnownReadsItsNewestStatusAndListenersHearOnlyWhatIsApplied() {
        LiveStatus live = new LiveStatus();
        StatusHandle handle = live.handle(ISSUER, SERIAL);
        assertEquals(CertStatus.UNKNOWN, handle.current());
        List<Long> heard = new ArrayList<>();
        live.addListener((issuer, serial) -> heard.add(serial.longValue()));
        live.apply(record(CertificateState.BLOCCATO, Optional.of(RevocationReason.CERTIFICATE_HOLD), 5));
        live.apply(record(CertificateState.ATTIVO, Optional.empty(), 4)); // late and older: ignored
        assertInstanceOf(CertStatus.Revoked.class, handle.current(), "the handle is the entry the newest change wrote");
        assertEquals(List.of(SERIAL.longValue()), heard, "the ignored change is not announced");
        live.apply(record(CertificateState.ATTIVO, Optional.empty(), 7));
        assertEquals(CertStatus.GOOD, handle.current());
        assertEquals(2, heard.size());
    }
}
