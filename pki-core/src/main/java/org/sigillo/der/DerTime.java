package org.sigillo.der;

/**
 * Writes RFC 5280 times (4.1.2.4/4.1.2.5) straight into a byte buffer, without calendar or
 * string objects: UTCTime {@code YYMMDDHHMMSSZ} for 1950 to 2049, GeneralizedTime
 * {@code YYYYMMDDHHMMSSZ} otherwise, both to the second as DER requires. Shared by the CRL
 * writer and the certificate encoder.
 */
public final class DerTime {

    /** 0001-01-01T00:00:00Z, the first second a four-digit GeneralizedTime year can hold. */
    public static final long MIN_EPOCH_SECOND = -62135596800L;

    /** 9999-12-31T23:59:59Z, the last second a four-digit GeneralizedTime year can hold. */
    public static final long MAX_EPOCH_SECOND = 253402300799L;

    /** 1950-01-01T00:00:00Z. */
    public static final long UTC_TIME_FIRST = -631_152_000L;
    /** 2050-01-01T00:00:00Z, the first second written as GeneralizedTime. */
    public static final long GENERALIZED_TIME_FROM = 2_524_608_000L;

    public static final int UTC_TIME_TLV_LENGTH = 15;
    public static final int GENERALIZED_TIME_TLV_LENGTH = 17;

    private DerTime() {
    }

    /** True for the seconds RFC 5280 writes as UTCTime (1950 to 2049). */
    public static boolean isUtcTime(long epochSecond) {
        return epochSecond >= UTC_TIME_FIRST && epochSecond < GENERALIZED_TIME_FROM;
    }

    /** The length of the Time TLV {@link #writeTime} writes for this second. */
    public static int timeLength(long epochSecond) {
        return isUtcTime(epochSecond) ? UTC_TIME_TLV_LENGTH : GENERALIZED_TIME_TLV_LENGTH;
    }

    /** Writes a Time TLV at {@code pos}; returns the position after it. */
    public static int writeTime(byte[] buf, int pos, long epochSecond) {
        if (isUtcTime(epochSecond)) {
            buf[pos] = 0x17;
            buf[pos + 1] = 13;
            return writeDigits(buf, pos + 2, epochSecond, false);
        }
        return writeGeneralizedTime(buf, pos, epochSecond);
    }

    /** Writes a GeneralizedTime TLV at {@code pos}; returns the position after it. */
    public static int writeGeneralizedTime(byte[] buf, int pos, long epochSecond) {
        buf[pos] = 0x18;
        buf[pos + 1] = 15;
        return writeDigits(buf, pos + 2, epochSecond, true);
    }

    private static int writeDigits(byte[] buf, int pos, long epochSecond, boolean fourDigitYear) {
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // civil-from-days (H. Hinnant), proleptic Gregorian, as java.time uses
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        int dayOfEra = (int) (z - era * 146_097L);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int mp = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
        int p = pos;
        if (fourDigitYear) {
            p = two(buf, p, year / 100);
        }
        p = two(buf, p, year % 100);
        p = two(buf, p, month);
        p = two(buf, p, day);
        p = two(buf, p, secondOfDay / 3600);
        p = two(buf, p, secondOfDay / 60 % 60);
        p = two(buf, p, secondOfDay % 60);
        buf[p] = 'Z';
        return p + 1;
    }

    private static int two(byte[] buf, int pos, int value) {
        buf[pos] = (byte) ('0' + value / 10);
        buf[pos + 1] = (byte) ('0' + value % 10);
        return pos + 2;
    }
}
