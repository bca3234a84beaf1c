import java.nio.file.Path;

/**
 * The command line the bench drivers share: {@code <mode> --name value ...}, walked pair by pair.
 *
 * <p>It is a file of its own because the drivers run with the JDK's single-file source launcher, which
 * compiles the one file it is given and nothing else: each driver used to carry its own copy of this loop.
 * The bench scripts compile this file into {@code target/bench-support} and put that on the launcher's
 * classpath. Each driver keeps its own option names, defaults and checks in a {@code switch} over
 * {@link #name()}; only the walk and the error messages live here, so they read the same in every bench.
 *
 * <p>Every error is an {@link IllegalArgumentException}, which the drivers print and turn into exit code 2.
 *
 * <pre>{@code
 * BenchArgs a = new BenchArgs(args, "usage: XBench run --dir D [options]");
 * while (a.next()) {
 *     switch (a.name()) {
 *         case "--dir" -> o.dir = a.path();
 *         case "--runs" -> o.runs = a.positiveInt();
 *         default -> throw a.unknown();
 *     }
 * }
 * BenchArgs.require("--dir", o.dir);
 * }</pre>
 *
 * <p>The class and its members are public although the drivers are in the same (unnamed) package: the
 * launcher loads a driver with a class loader of its own, and package access does not cross class loaders.
 */
public final class BenchArgs {

    private final String[] args;
    /** Index of the current option name; -1 before the first {@link #next()}, so that it starts at 1. */
    private int at = -1;

    /** @param usage the message when there is not even a mode */
    public BenchArgs(String[] args, String usage) {
        if (args.length == 0) {
            throw new IllegalArgumentException(usage);
        }
        this.args = args;
    }

    /** The first argument: what the driver is to do. */
    public String mode() {
        return args[0];
    }

    /** Moves to the next {@code --name value} pair; false after the last one. */
    public boolean next() {
        at += 2;
        if (at >= args.length) {
            return false;
        }
        if (at + 1 >= args.length) {
            throw new IllegalArgumentException("missing value for " + args[at]);
        }
        return true;
    }

    public String name() {
        return args[at];
    }

    public String value() {
        return args[at + 1];
    }

    public Path path() {
        return Path.of(value());
    }

    public int positiveInt() {
        int value = Integer.parseInt(value());
        positive(value);
        return value;
    }

    public long positiveLong() {
        long value = Long.parseLong(value());
        positive(value);
        return value;
    }

    /** For the {@code default} of a driver's switch: {@code default -> throw a.unknown();}. */
    public IllegalArgumentException unknown() {
        return new IllegalArgumentException("unknown option " + name());
    }

    /** A mandatory option, checked after the walk: null means it was not given. */
    public static void require(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private void positive(long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name() + " must be > 0");
        }
    }
}
