package io.wem.config;

import java.util.List;

/** A configuration that WEM cannot start with; each problem names the parameter, its value and what is allowed. */
public class InvalidConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigurationException(String problem) {
        this(List.of(problem));
    }

    public InvalidConfigurationException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
