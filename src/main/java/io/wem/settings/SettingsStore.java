package io.wem.settings;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.wem.config.WemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The effective settings: a value from wem.conf or the environment wins, else the value saved in Settings (table
 * {@code setting}), else WEM's default. It keeps two snapshots. {@link #startedWith()} is fixed at start-up and is
 * what restart-required settings use. {@link #current()} follows every save and is what the other settings use.
 * A stored value that no longer passes its rule, or a secret that the current key cannot decrypt, is ignored
 * (and reported), so a bad row never stops WEM from starting.
 */
@Component
@DependsOnDatabaseInitialization
public class SettingsStore {

    /** Spring's name for the property source that contains wem.conf's values (see WemApplication.run). */
    static final String FILE_SOURCE_NAME = "defaultProperties";
    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final Clock clock;
    private final Map<SettingKey, SettingSource> fixedSources = new EnumMap<>(SettingKey.class);
    private final Map<SettingKey, String> startupValues = new EnumMap<>(SettingKey.class);
    private final Settings startedWith;
    private volatile Loaded loaded;

    /** The stored rows as last read, with the secrets that could not be decrypted. */
    private record Loaded(Map<SettingKey, String> stored, Set<SettingKey> unreadable, Settings current) {
    }

    @Autowired
    SettingsStore(WemConfig config, ConfigurableEnvironment environment, JdbcClient jdbc, SecretCipher cipher, Clock clock) {
        this(config, environment, jdbc, cipher, clock, true);
    }

    private SettingsStore(WemConfig config, ConfigurableEnvironment environment, JdbcClient jdbc, SecretCipher cipher,
                          Clock clock, boolean logProblems) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
        for (SettingKey key : SettingKey.values()) {
            fixedSources.put(key, sourceOf(environment, key));
            startupValues.put(key, key.startupValue(config));
        }
        this.loaded = load(logProblems);
        this.startedWith = loaded.current();
    }

    /**
     * Returns a store for an offline command such as {@code wem reset-password}, which reads the saved settings without
     * Spring. Its problems are not logged, since the command may run with a placeholder WEM_COOKIE_SECRET.
     */
    public static SettingsStore offline(WemConfig config, Map<String, String> fileValues, JdbcClient jdbc) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource(FILE_SOURCE_NAME, Map.copyOf(fileValues)));
        return new SettingsStore(config, environment, jdbc, new SecretCipher(config), Clock.systemUTC(), false);
    }

    /** Returns a store without saved values, where every setting is what wem.conf, the environment or the default gives. */
    public static SettingsStore withoutSavedValues(WemConfig config) {
        return new SettingsStore(config, new StandardEnvironment(), null, new SecretCipher(config), Clock.systemUTC(), false);
    }

    public Settings current() {
        return loaded.current();
    }

    /** Returns the values WEM started with; the cluster connection and the HTTP port keep these until the next start. */
    public Settings startedWith() {
        return startedWith;
    }

    public SettingSource source(SettingKey key) {
        SettingSource fixed = fixedSources.get(key);
        if (fixed.readOnly()) {
            return fixed;
        }
        return loaded.stored().containsKey(key) ? SettingSource.STORE : SettingSource.DEFAULT;
    }

    /** Returns the stored secrets that the current WEM_COOKIE_SECRET cannot decrypt, so an Admin must enter them again. */
    public Set<SettingKey> unreadableSecrets() {
        return loaded.unreadable();
    }

    /** A restart-required setting saved with a value that the running WEM does not use yet. */
    public record PendingChange(SettingKey key, String running, String next) {
    }

    public List<PendingChange> pendingRestart() {
        Settings current = current();
        List<PendingChange> pending = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            if (key.restartRequired() && !Objects.equals(startedWith.text(key), current.text(key))) {
                pending.add(key.secret()
                        ? new PendingChange(key, "(hidden)", "(changed)")
                        : new PendingChange(key, startedWith.text(key), current.text(key)));
            }
        }
        return pending;
    }

    /** Returns the value used when nothing is saved: the file's, the environment's, or WEM's default. */
    String startupValue(SettingKey key) {
        return startupValues.get(key);
    }

    /**
     * Writes the given values (null deletes the row, so the default applies again) in the caller's transaction.
     * Call {@link #reload()} after the commit.
     */
    void write(Map<SettingKey, String> values, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        values.forEach((key, value) -> {
            jdbc.sql("DELETE FROM setting WHERE name = :name").param("name", key.name()).update();
            if (value != null) {
                jdbc.sql("""
                                INSERT INTO setting (name, setting_value, encrypted, updated_at, updated_by)
                                VALUES (:name, :value, :encrypted, :updatedAt, :updatedBy)
                                """)
                        .param("name", key.name())
                        .param("value", key.secret() ? cipher.encrypt(key.name(), value) : value)
                        .param("encrypted", key.secret())
                        .param("updatedAt", now)
                        .param("updatedBy", actor)
                        .update();
            }
        });
    }

    /** Re-reads the store, after a save here or every 30 s, so that a save on another WEM instance applies too. */
    @Scheduled(initialDelay = 30_000, fixedDelay = 30_000)
    public void reload() {
        loaded = load(false);
    }

    private Loaded load(boolean logProblems) {
        Map<SettingKey, String> stored = new EnumMap<>(SettingKey.class);
        Set<SettingKey> unreadable = EnumSet.noneOf(SettingKey.class);
        List<StoredRow> rows = jdbc == null ? List.of() : jdbc.sql("SELECT name, setting_value, encrypted FROM setting")
                .query((rs, rowNum) -> new StoredRow(rs.getString(1), rs.getString(2), rs.getBoolean(3)))
                .list();
        for (StoredRow row : rows) {
            SettingKey key = keyOf(row.name());
            if (key == null) {
                continue;
            }
            String value = row.value();
            if (row.encrypted()) {
                try {
                    value = cipher.decrypt(key.name(), value);
                } catch (SecretCipher.UnreadableSecretException e) {
                    unreadable.add(key);
                    if (logProblems) {
                        log.warn("The stored setting {} cannot be decrypted ({}); WEM_COOKIE_SECRET probably changed. "
                                + "An Admin must enter it again in Management > Settings", key.jsonName(), e.getMessage());
                    }
                    continue;
                }
            }
            try {
                stored.put(key, key.rule().normalize(value));
            } catch (SettingRule.InvalidSettingException e) {
                if (logProblems) {
                    log.warn("Ignored the stored setting {}: it {}", key.jsonName(),
                            key.secret() ? "is invalid" : e.getMessage());
                }
            }
        }

        Map<SettingKey, String> effective = new EnumMap<>(SettingKey.class);
        for (SettingKey key : SettingKey.values()) {
            boolean useStored = !fixedSources.get(key).readOnly() && stored.containsKey(key);
            effective.put(key, useStored ? stored.get(key) : startupValues.get(key));
        }
        return new Loaded(Collections.unmodifiableMap(stored), Collections.unmodifiableSet(unreadable), new Settings(effective));
    }

    private record StoredRow(String name, String value, boolean encrypted) {
    }

    private static SettingKey keyOf(String name) {
        try {
            return SettingKey.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Returns FILE or ENVIRONMENT when the first property source that has the key's parameter gives it a value, else DEFAULT. */
    private static SettingSource sourceOf(ConfigurableEnvironment environment, SettingKey key) {
        String name = key.parameter().name();
        for (PropertySource<?> source : environment.getPropertySources()) {
            // Spring Boot attaches a source that mirrors all the others, so it cannot tell the origin.
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue;
            }
            // The first source with the property wins, as in Environment.getProperty; blank means unset there.
            Object value = source.getProperty(name);
            if (value != null) {
                if (value.toString().isBlank()) {
                    return SettingSource.DEFAULT;
                }
                return FILE_SOURCE_NAME.equals(source.getName()) ? SettingSource.FILE : SettingSource.ENVIRONMENT;
            }
        }
        return SettingSource.DEFAULT;
    }
}
