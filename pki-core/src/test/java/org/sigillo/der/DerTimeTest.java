package org.sigillo.der;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;

class DerTimeTest {

    private static final DateTimeFormatter GENERALIZED =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private static byte[] time(long second) {
        byte[] buf = new byte[17];
        return Arrays.copyOf(buf, DerTime.writeTime(buf, 0, second));
    }

    @Test
    void switchesFromUtcTimeToGeneralizedTimeAt2050() {
        assertEquals(Instant.parse("1950-01-01T00:00:00Z").getEpochSecond(), DerTime.UTC_TIME_FIRST);
        assertEquals(Instant.parse("2050-01-01T00:00:00Z").getEpochSecond(), DerTime.GENERALIZED_TIME_FROM);
        assertEquals("170d3439313233313233353935395a",
                HexFormat.of().formatHex(time(Instant.parse("2049-12-31T23:59:59Z").getEpochSecond())));
        assertEquals("180f32303530303130313030303030305a",
                HexFormat.of().formatHex(time(Instant.parse("2050-01-01T00:00:00Z").getEpochSecond())));
        assertEquals("180f31393439313233313233353935395a",
                HexFormat.of().formatHex(time(Instant.parse("1949-12-31T23:59:59Z").getEpochSecond())));
    }

    @Test
    void matchesJavaTimeOverTheWholeRangeAndBouncyCastleFrom1900() throws Exception {
        Random random = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            long second = DerTime.MIN_EPOCH_SECOND
                    + Math.floorMod(random.nextLong(), DerTime.MAX_EPOCH_SECOND - DerTime.MIN_EPOCH_SECOND + 1);
            byte[] buf = new byte[17];
            int end = DerTime.writeGeneralizedTime(buf, 0, second);
            assertEquals(GENERALIZED.format(Instant.ofEpochSecond(second)),
                    new String(buf, 2, end - 2, StandardCharsets.US_ASCII));
        }
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2300-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long second = from + Math.floorMod(random.nextLong(), to - from);
            Date date = new Date(second * 1000);
            assertEquals(HexFormat.of().formatHex(new Time(date).getEncoded(ASN1Encoding.DER)),
                    HexFormat.of().formatHex(time(second)), Instant.ofEpochSecond(second).toString());
            byte[] buf = new byte[17];
            DerTime.writeGeneralizedTime(buf, 0, second);
            assertEquals(HexFormat.of().formatHex(new ASN1GeneralizedTime(date).getEncoded(ASN1Encoding.DER)),
                    HexFormat.of().formatHex(buf));
        }
    }
}
