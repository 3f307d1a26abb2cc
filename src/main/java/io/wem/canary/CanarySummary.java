package io.wem.canary;

import java.util.List;

/** The panel's cards: how many checks there are and how many are in each status. Disabled checks count in total only. */
public record CanarySummary(int total, int ok, int warning, int critical, int error, int stale, int disabled) {

    static CanarySummary of(List<CheckView> checks) {
        int ok = 0;
        int warning = 0;
        int critical = 0;
        int error = 0;
        int stale = 0;
        int disabled = 0;
        for (CheckView check : checks) {
            if (!check.enabled()) {
                disabled++;
                continue;
            }
            if (check.status() == null) {
                continue;
            }
            switch (check.status()) {
                case OK -> ok++;
                case WARNING -> warning++;
                case CRITICAL -> critical++;
                case ERROR -> error++;
                case STALE -> stale++;
            }
        }
        return new CanarySummary(checks.size(), ok, warning, critical, error, stale, disabled);
    }
}
