package org.sigillo.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;

import org.sigillo.ca.CaException;
import org.sigillo.engine.RefusedException;
import org.sigillo.hsm.HsmException;
import org.sigillo.lifecycle.IllegalTransitionException;
import org.sigillo.registry.CensusRejectedException;
import org.sigillo.registry.NotAuthorizedException;
import org.sigillo.store.StoreException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code sigillo}, the operators' command. Every subcommand acts as the CA operator, over the
 * home given by {@code --home} (default {@code ./sigillo-home}), and is recorded in the audit
 * log with the operating-system user. Exit codes: 0 done, 1 refused by a rule, 2 bad input or
 * usage, 3 infrastructure (HSM, database).
 */
@Command(name = "sigillo", mixinStandardHelpOptions = true, version = "Sigillo 0.1.0",
        description = "Sigillo certificate authority: the operators' command.",
        footer = {"", "Example:", "  sigillo --home ./sigillo-home init", "  sigillo --home ./sigillo-home demo",
                "Exit codes: 0 done, 1 refused by a rule, 2 bad input or usage, 3 infrastructure (HSM, database)."},
        subcommands = {Commands.Init.class, Commands.EnteCmd.class, Commands.CensusCmd.class, Commands.WorkstationCmd.class,
                Commands.ServerCmd.class, Commands.CardCmd.class, PeopleCommands.UserCmd.class,
                ValidateCommand.class, Commands.Batch.class, Commands.CertCmd.class, Commands.CrlCmd.class,
                Commands.OcspCmd.class, Commands.Expiring.class, Commands.AuditCmd.class, Commands.DbCmd.class, DemoCommand.class})
public final class Main implements Runnable {
    @Option(names = "--home", description = "Sigillo home folder (default: ${DEFAULT-VALUE})", defaultValue = "./sigillo-home",
            scope = CommandLine.ScopeType.INHERIT)
    Path home;

    @Option(names = "--verbose", description = "print stack traces of errors", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Option(names = "--json", description = "machine-readable output", scope = CommandLine.ScopeType.INHERIT)
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    final Clock clock = Clock.systemUTC();

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            ExitCode code = exitCodeOf(e);
            commandLine.getErr().println("sigillo: " + oneLine(e));
            if (main.verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return code.code();
        });
        return cl.execute(args);
    }

    static ExitCode exitCodeOf(Throwable e) {
        if (missingFile(e) != null) {
            return ExitCode.BAD_INPUT; // a missing file or folder is one the operator named (input, --out's folder)
        }
        if (e instanceof RefusedException || e instanceof IllegalTransitionException || e instanceof NotAuthorizedException
                || e instanceof CaException ce && ce.kind() == CaException.Kind.ALREADY_EXISTS) {
            return ExitCode.REFUSED;
        }
        if (e instanceof HsmException || e instanceof StoreException || e instanceof CaException
                || e instanceof UncheckedIOException) {
            return ExitCode.INFRASTRUCTURE;
        }
        if (e instanceof IllegalArgumentException || e instanceof CensusRejectedException) {
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.INFRASTRUCTURE;
    }

    /** The missing file behind {@code e} (a path the operator gave: input file, output folder), or null. */
    private static NoSuchFileException missingFile(Throwable e) {
        Throwable t = e instanceof UncheckedIOException ? e.getCause() : e;
        return t instanceof NoSuchFileException n ? n : null;
    }

    private static String oneLine(Throwable e) {
        NoSuchFileException missing = missingFile(e);
        if (missing != null) {
            return "no such file or directory: " + missing.getFile();
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }
}
