package io.wem;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.wem.account.ResetPasswordCommand;
import io.wem.config.ConfigLocation;
import io.wem.config.InvalidConfigurationException;
import io.wem.config.WemConfig;
import io.wem.demo.DemoLauncher;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point. The first argument chooses the command: {@code start} (the default) runs WEM with wem.conf and
 * the environment, {@code demo} runs it against an embedded PostgreSQL, {@code help} lists the commands.
 */
@SpringBootApplication
@EnableScheduling
public class WemApplication {

    static final String USAGE = """
            Usage: wem COMMAND [OPTIONS]

            Commands:
              start [--config FILE]   Run WEM with FILE, else /etc/wem/wem.conf, else ./wem.conf, plus the environment
              demo                    Run WEM against an embedded PostgreSQL demo cluster, with state under WEM_DATA_DIR
              reset-password USERNAME [--config FILE]
                                      Set a user's password offline (prompted, or one line on standard input) and unlock it
              help                    Show this list
            """;

    public static void main(String[] args) {
        String command = args.length == 0 ? "start" : args[0];
        List<String> options = args.length == 0 ? List.of() : List.of(args).subList(1, args.length);
        try {
            switch (command) {
                case "start" -> start(options);
                case "demo" -> DemoLauncher.run(options);
                case "reset-password" -> resetPassword(options);
                case "help", "--help", "-h" -> System.out.print(USAGE);
                default -> exit("Unknown command '" + command + "'.\n" + USAGE);
            }
        } catch (InvalidConfigurationException e) {
            exit(String.join("\n", e.problems().stream().map(problem -> "wem: " + problem).toList()));
        }
    }

    private static void start(List<String> options) {
        String configPath = null;
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).equals("--config") && i + 1 < options.size()) {
                configPath = options.get(++i);
            } else {
                exit("Unknown option '" + options.get(i) + "'.\n" + USAGE);
            }
        }
        Path configFile = ConfigLocation.resolve(configPath);
        Map<String, String> fileValues = ConfigLocation.read(configFile);

        WemConfig config = validate(fileValues, Map.of());
        if (isRoot() && !config.allowRoot()) {
            exit("wem: refusing to run as root; run WEM as an unprivileged user, or set WHPG_ALLOW_ROOT=1 to override");
        }
        run(fileValues, Map.of(), true);
    }

    private static void resetPassword(List<String> options) {
        String username = null;
        String configPath = null;
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).equals("--config") && i + 1 < options.size()) {
                configPath = options.get(++i);
            } else if (username == null && !options.get(i).startsWith("-")) {
                username = options.get(i);
            } else {
                exit("Unknown option '" + options.get(i) + "'.\n" + USAGE);
            }
        }
        if (username == null) {
            exit("wem reset-password needs a USERNAME.\n" + USAGE);
        }
        Map<String, String> fileValues = ConfigLocation.read(ConfigLocation.resolve(configPath));
        // The offline command reads no cookie, so a missing secret must not stop a locked-out administrator.
        Map<String, String> overrides = new HashMap<>();
        if (validateLookup(fileValues).apply("WEM_COOKIE_SECRET") == null) {
            overrides.put("WEM_COOKIE_SECRET", "not-used-by-the-offline-reset-password-command");
        }
        System.exit(ResetPasswordCommand.run(username, validate(fileValues, overrides), fileValues));
    }

    /**
     * Validates the configuration before Spring starts, so that an invalid value stops WEM with one line
     * per problem instead of a stack trace. Precedence: overrides, Java system properties, the environment, the file.
     */
    public static WemConfig validate(Map<String, String> fileValues, Map<String, String> overrides) {
        Function<String, String> lookup = validateLookup(fileValues);
        return WemConfig.load(key -> overrides.containsKey(key) ? overrides.get(key) : lookup.apply(key));
    }

    private static Function<String, String> validateLookup(Map<String, String> fileValues) {
        return key -> {
            String value = System.getProperty(key);
            if (value == null) {
                value = System.getenv(key);
            }
            return value != null ? value : fileValues.get(key);
        };
    }

    /**
     * Starts Spring. The file's values become default properties, which every other property source
     * (the environment among them) overrides; {@code overrides} go into system properties, above the environment.
     */
    public static ConfigurableApplicationContext run(Map<String, String> fileValues, Map<String, String> overrides,
                                                     boolean registerShutdownHook) {
        overrides.forEach(System::setProperty);
        SpringApplication application = new SpringApplication(WemApplication.class);
        Map<String, Object> defaults = new HashMap<>(fileValues);
        application.setDefaultProperties(defaults);
        application.setRegisterShutdownHook(registerShutdownHook);
        try {
            return application.run();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidConfigurationException invalid) {
                    throw invalid;
                }
            }
            throw e;
        }
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void exit(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
