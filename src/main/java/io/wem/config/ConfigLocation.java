package io.wem.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds and reads the wem.conf to use: the one named on the command line, else /etc/wem/wem.conf, else ./wem.conf. */
public final class ConfigLocation {

    private static final Logger log = LoggerFactory.getLogger(ConfigLocation.class);
    private static final Path SYSTEM_FILE = Path.of("/etc/wem/wem.conf");
    private static final Path LOCAL_FILE = Path.of("wem.conf");

    private ConfigLocation() {
    }

    /** Returns the file to read, or null when none exists; a file named explicitly must exist. */
    public static Path resolve(String explicitPath) {
        if (explicitPath != null) {
            Path file = Path.of(explicitPath);
            if (!Files.isReadable(file)) {
                throw new InvalidConfigurationException("Configuration file " + file.toAbsolutePath()
                        + " does not exist or is not readable");
            }
            return file;
        }
        if (Files.isReadable(SYSTEM_FILE)) {
            return SYSTEM_FILE;
        }
        return Files.isReadable(LOCAL_FILE) ? LOCAL_FILE : null;
    }

    /** Reads the file and logs a warning for each key that WEM does not know, so that a typo is noticed. */
    public static Map<String, String> read(Path file) {
        if (file == null) {
            return Map.of();
        }
        try {
            Map<String, String> values = ConfigFile.read(file);
            Set<String> unknown = new TreeSet<>(values.keySet());
            unknown.removeAll(ConfigParameter.names());
            for (String key : unknown) {
                log.warn("Unknown parameter {} in {} is ignored", key, file.toAbsolutePath());
            }
            return values;
        } catch (IOException e) {
            throw new InvalidConfigurationException("Cannot read configuration file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
    }
}
