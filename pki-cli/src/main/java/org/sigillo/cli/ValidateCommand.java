package org.sigillo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.sigillo.engine.Sigillo;
import org.sigillo.registry.Environment;
import org.sigillo.validation.CheckResult;
import org.sigillo.validation.DualCheckValidator;
import org.sigillo.validation.SessionPrincipal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sigillo validate}: the dual check of the console login, from two certificate files,
 * against this home's CAs, live certificate status and people registry. Prints the session
 * principal (exit 0) or the one refusal reason (exit 1).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Runs the dual check (workstation certificate + smart-card certificate); prints the principal or the refusal.",
        footer = {"", "Example:", "  sigillo validate --workstation 058091-PC-0001.pem --card 058091000001.pem --env PRODUZIONE",
                "Exit code 0: accepted; 1: refused (the reason is printed)."})
final class ValidateCommand extends Commands.Base {
    @Option(names = "--workstation", required = true, description = "the workstation certificate (PEM or DER)")
    Path workstation;

    @Option(names = "--card", required = true, description = "the smart-card certificate (PEM or DER)")
    Path card;

    @Option(names = "--env", defaultValue = "PRODUZIONE", description = "target environment (default ${DEFAULT-VALUE})")
    String env;

    @Override
    int execute(Home home) {
        byte[] ws = Pem.readCertificate(workstation);
        byte[] cardDer = Pem.readCertificate(card);
        Environment environment = Environment.parse(env);
        Sigillo e = engine(home);
        DualCheckValidator v = e.dualCheckValidator();
        CheckResult r = v.check(ws, cardDer, environment);
        Map<String, Object> m = new LinkedHashMap<>();
        if (r instanceof CheckResult.Accepted a) {
            SessionPrincipal p = a.principal();
            m.put("result", "ACCEPTED");
            m.put("ente", p.ente().value());
            m.put("workstation", p.workstationCode());
            m.put("cf", p.codiceFiscale().canonical());
            m.put("profiles", p.profiles().toString());
            m.put("environment", p.environment().name());
            print("ACCEPTED ente=" + p.ente().value() + " workstation=" + p.workstationCode() + " cf=" + p.codiceFiscale().canonical()
                    + " profiles=" + p.profiles() + " environment=" + p.environment(), m);
            return 0;
        }
        CheckResult.Refused f = (CheckResult.Refused) r;
        m.put("result", "REFUSED");
        m.put("reason", f.reason().name());
        m.put("slot", f.slot().name());
        m.put("detail", f.detail());
        print("REFUSED " + f.reason() + " (" + f.slot() + "): " + f.detail(), m);
        return ExitCode.REFUSED.code();
    }
}
