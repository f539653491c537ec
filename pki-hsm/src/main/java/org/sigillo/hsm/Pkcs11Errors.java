package org.sigillo.hsm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.security.auth.login.FailedLoginException;

/**
 * Turns SunPKCS11's exceptions, which carry the PKCS#11 return code only in a message
 * ({@code CKR_...}), into typed {@link HsmException}s. Vendor quirks in error reporting are
 * named here and nowhere else.
 */
final class Pkcs11Errors {
    private static final Pattern CKR = Pattern.compile("CKR_[A-Z_]+");

    private Pkcs11Errors() {
    }

    /** The first PKCS#11 return code named anywhere in the cause chain, or {@code null}. */
    static String returnCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null) {
                Matcher matcher = CKR.matcher(m);
                if (matcher.find()) {
                    return matcher.group();
                }
            }
            if (c instanceof FailedLoginException) {
                return "CKR_PIN_INCORRECT";
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    static HsmFault faultOf(String ckr) {
        if (ckr == null) {
            return HsmFault.DEVICE_ERROR;
        }
        return switch (ckr) {
            case "CKR_PIN_INCORRECT", "CKR_PIN_INVALID", "CKR_PIN_LEN_RANGE" -> HsmFault.WRONG_PIN;
            case "CKR_PIN_LOCKED", "CKR_PIN_EXPIRED" -> HsmFault.PIN_LOCKED;
            // SoftHSM2 answers a token directory that vanished under a running process with
            // session and object errors rather than CKR_TOKEN_NOT_PRESENT: all mean "gone".
            case "CKR_TOKEN_NOT_PRESENT", "CKR_TOKEN_NOT_RECOGNIZED", "CKR_DEVICE_REMOVED",
                    "CKR_SESSION_HANDLE_INVALID", "CKR_SESSION_CLOSED", "CKR_USER_NOT_LOGGED_IN",
                    "CKR_OBJECT_HANDLE_INVALID", "CKR_KEY_HANDLE_INVALID", "CKR_SLOT_ID_INVALID",
                    "CKR_CRYPTOKI_NOT_INITIALIZED", "CKR_DEVICE_ERROR", "CKR_GENERAL_ERROR" -> HsmFault.TOKEN_UNAVAILABLE;
            case "CKR_MECHANISM_INVALID", "CKR_KEY_TYPE_INCONSISTENT", "CKR_KEY_SIZE_RANGE" -> HsmFault.UNSUPPORTED;
            default -> HsmFault.DEVICE_ERROR;
        };
    }

    /** Wraps {@code e}, naming what was being done and the PKCS#11 code when there is one. */
    static HsmException wrap(Throwable e, String doing) {
        if (e instanceof HsmException h) {
            return h;
        }
        String ckr = returnCode(e);
        HsmFault fault = faultOf(ckr);
        String detail = ckr != null ? ckr : e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        return new HsmException(fault, doing + " failed (" + detail + ")", e);
    }
}
