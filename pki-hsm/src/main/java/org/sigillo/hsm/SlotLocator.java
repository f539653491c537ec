package org.sigillo.hsm;

import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the slot list and token labels of a PKCS#11 module through SunPKCS11's own wrapper,
 * because SunPKCS11's configuration can name a slot but not a token label. Needs the JVM flag
 * {@code --add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED}; without
 * it, select the token by slot id or index instead.
 */
final class SlotLocator {
    /** CKF_OS_LOCKING_OK, as SunPKCS11 itself passes to C_Initialize. */
    private static final long CKF_OS_LOCKING_OK = 0x2L;

    /** One present token. */
    record Slot(long slotId, String tokenLabel, String serialNumber) {
    }

    private SlotLocator() {
    }

    static List<Slot> slots(String module) {
        try {
            Object p11 = wrapper(module);
            Class<?> pk = p11.getClass();
            long[] ids = (long[]) pk.getMethod("C_GetSlotList", boolean.class).invoke(p11, true);
            Method info = pk.getMethod("C_GetTokenInfo", long.class);
            List<Slot> out = new ArrayList<>();
            for (long id : ids) {
                Object ti = info.invoke(p11, id);
                String label = new String((char[]) ti.getClass().getField("label").get(ti)).trim();
                String serial = new String((char[]) ti.getClass().getField("serialNumber").get(ti)).trim();
                out.add(new Slot(id, label, serial));
            }
            return out;
        } catch (InvocationTargetException e) {
            throw Pkcs11Errors.wrap(e.getCause(), "reading the slot list of " + module);
        } catch (RuntimeException | ReflectiveOperationException e) {
            if (e instanceof IllegalAccessException || e instanceof InaccessibleObjectException) {
                throw new HsmException(HsmFault.UNSUPPORTED, "finding a token by label needs the JVM option "
                        + "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED "
                        + "(or select the token by slot id or index)", e);
            }
            throw Pkcs11Errors.wrap(e, "reading the slot list of " + module);
        }
    }

    static long slotOf(String module, String tokenLabel) {
        List<Slot> slots = slots(module);
        for (Slot s : slots) {
            if (s.tokenLabel().equals(tokenLabel)) {
                return s.slotId();
            }
        }
        throw new HsmException(HsmFault.TOKEN_NOT_FOUND, "no token labelled '" + tokenLabel + "' in " + module
                + " (present: " + slots.stream().map(Slot::tokenLabel).toList() + ")");
    }

    private static Object wrapper(String module) throws ReflectiveOperationException {
        Class<?> pk = Class.forName("sun.security.pkcs11.wrapper.PKCS11");
        Class<?> argsClass = Class.forName("sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS");
        Method getInstance = pk.getMethod("getInstance", String.class, String.class, argsClass, boolean.class);
        return getInstance.invoke(null, module, "C_GetFunctionList", initArgs(), false);
    }

    private static Object initArgs() throws ReflectiveOperationException {
        Class<?> argsClass = Class.forName("sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS");
        Object args = argsClass.getConstructor().newInstance();
        argsClass.getField("flags").setLong(args, CKF_OS_LOCKING_OK);
        return args;
    }
}
