package org.sigillo.profile;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * Builds the PKCS#12 file an ALP installs on a PC: the private key, its certificate and the
 * chain (issuing CA, root), protected by an {@link InstallationPassword}. The method name says
 * that a private key leaves the engine.
 */
public final class Pkcs12Exporter {
    private static final int ITERATIONS = 10_000;
    private final Provider bc = BouncyCastle.PROVIDER;

    public byte[] exportWithPrivateKey(PrivateKey key, X509Certificate leaf, List<X509Certificate> chain, String friendlyName,
                                       InstallationPassword password, Pkcs12Encryption encryption) {
        char[] pw = password.reveal();
        try {
            OutputEncryptor keyEnc;
            OutputEncryptor certEnc;
            if (encryption == Pkcs12Encryption.MODERN) {
                AlgorithmIdentifier prf = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);
                keyEnc = new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC).setProvider(bc)
                        .setPRF(prf).setIterationCount(ITERATIONS).build(pw);
                certEnc = new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC).setProvider(bc)
                        .setPRF(prf).setIterationCount(ITERATIONS).build(pw);
            } else {
                keyEnc = new JcePKCSPBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                        .setProvider(bc).setIterationCount(ITERATIONS).build(pw);
                certEnc = new JcePKCSPBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                        .setProvider(bc).setIterationCount(ITERATIONS).build(pw);
            }
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            var localKeyId = ext.createSubjectKeyIdentifier(leaf.getPublicKey());

            PKCS12SafeBagBuilder leafBag = new JcaPKCS12SafeBagBuilder(leaf);
            leafBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
            leafBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
            PKCS12SafeBag[] certBags = new PKCS12SafeBag[1 + chain.size()];
            certBags[0] = leafBag.build();
            for (int i = 0; i < chain.size(); i++) {
                certBags[i + 1] = new JcaPKCS12SafeBagBuilder(chain.get(i)).build();
            }
            PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(key, keyEnc);
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);

            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addEncryptedData(certEnc, certBags);
            pfx.addData(keyBag.build());
            JcePKCS12MacCalculatorBuilder mac = encryption == Pkcs12Encryption.MODERN
                    ? new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256)
                    : new JcePKCS12MacCalculatorBuilder(OIWObjectIdentifiers.idSHA1);
            PKCS12PfxPdu pdu = pfx.build(mac.setProvider(bc).setIterationCount(ITERATIONS), pw);
            return pdu.getEncoded("DER");
        } catch (IOException | PKCSException | OperatorCreationException
                 | GeneralSecurityException e) {
            throw new IllegalStateException("building the PKCS#12 for " + friendlyName + " failed", e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }
}
