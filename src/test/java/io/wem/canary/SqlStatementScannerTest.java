package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlStatementScannerTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1",
            "SELECT 1;",
            "SELECT 1;;",
            "  SELECT 1 ;  \n",
            "; SELECT 1",
            "SELECT 1; -- a trailing comment; with a semicolon",
            "SELECT 1; /* a trailing comment */ ;",
            "SELECT 1 -- ; SELECT 2",
            "SELECT 1 /* outer /* nested; */ still a comment; */",
            "SELECT 'a;b'",
            "SELECT 'it''s; fine'",
            "SELECT E'escaped \\'; still inside'",
            "SELECT e'escaped \\\\'",
            "SELECT \"odd;name\" FROM t",
            "SELECT \"quote\"\";\" FROM t",
            "SELECT $$;$$",
            "SELECT $body$ ; $$ ; $body$",
            "DO $fn$ BEGIN PERFORM 1; PERFORM 2; END $fn$",
            "SELECT 'unterminated; SELECT 2",
            "SELECT 1 /* unterminated; SELECT 2",
    })
    void singleStatementHasNoSeparator(String sql) {
        assertThat(SqlStatementScanner.secondStatementSeparator(sql)).isEqualTo(-1);
    }

    static Stream<Arguments> twoStatements() {
        return Stream.of(
                Arguments.of("SELECT 1; SELECT 2", 8),
                Arguments.of("SELECT 1;SELECT 2", 8),
                Arguments.of("SELECT 1; SELECT 2; SELECT 3", 8),
                Arguments.of("SELECT 1;\n-- a comment\nDELETE FROM t", 8),
                Arguments.of("SELECT 1; /* a comment */ DELETE FROM t", 8),
                Arguments.of("SELECT 'a;b'; SELECT 2", 12),
                // With standard_conforming_strings on, a backslash does not escape the closing quote.
                Arguments.of("SELECT 'a\\'; SELECT 2", 11),
                // A $ inside an identifier or before a digit does not open a dollar-quoted string.
                Arguments.of("SELECT 1 AS x$y$; SELECT 2", 16),
                Arguments.of("SELECT $1; SELECT 2", 9),
                Arguments.of("SELECT $$a$$; SELECT 2", 12),
                Arguments.of("SELECT \"a\"; SELECT 2", 10),
                Arguments.of("SELECT 1;; SELECT 2", 8),
                Arguments.of("SELECT 1; 'text'", 8));
    }

    @ParameterizedTest
    @MethodSource("twoStatements")
    void secondStatementFoundAfterSeparator(String sql, int separator) {
        assertThat(SqlStatementScanner.secondStatementSeparator(sql)).isEqualTo(separator);
    }
}
