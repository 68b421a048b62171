package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.PromotionSpec;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.promote.DenyWindow.Occurrence;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The deployment's deny windows (times when prod must not change) and the decision a promotion takes from them:
 * refuse inside an open window, unless an explicit override with a reason is given, which is then audited.
 */
public final class DenyWindows {
    /** The promoteToProd parameter that overrides an open window. */
    public static final String OVERRIDE_PARAMETER = "overrideDenyWindow";

    private final List<DenyWindow> windows;
    private final Clock clock;

    public DenyWindows(List<DenyWindow> windows, Clock clock) {
        this.windows = List.copyOf(windows);
        this.clock = clock;
    }

    /** The windows of {@code promotion.denyWindows}, judged at {@code clock}'s time (tests pass a fixed clock). */
    public static DenyWindows of(PromotionSpec promotion, Clock clock) {
        return new DenyWindows(promotion.denyWindows().stream().map(DenyWindow::of).toList(), clock);
    }

    public static DenyWindows of(PromotionSpec promotion) {
        return of(promotion, Clock.systemUTC());
    }

    public List<DenyWindow> windows() {
        return windows;
    }

    /** The first window (in configuration order) open at {@code now}. */
    public Optional<Occurrence> check(Instant now) {
        return open(now).stream().findFirst();
    }

    /** The first window open now (by the clock). */
    public Optional<Occurrence> check() {
        return check(clock.instant());
    }

    /** Every window open at {@code now}, in configuration order. */
    public List<Occurrence> open(Instant now) {
        List<Occurrence> open = new ArrayList<>();
        for (DenyWindow w : windows) {
            w.openAt(now).ifPresent(open::add);
        }
        return open;
    }

    /**
     * Decides whether prod may change now. No window open: allowed, empty (an override given anyway is not needed
     * and not recorded). A window open and no override: refused, exit 1, naming the window(s) and how to override.
     * A window open and an override with a reason: allowed, and the returned entry (which windows, the reason, the
     * user, the time) must be logged and written into the prod evidence.
     *
     * @param overrideReason the {@code overrideDenyWindow} text, or null/blank when none was given
     * @param user           who overrides (the build's user; the OS user in the CLI), or null when unknown
     */
    public Optional<DenyWindowOverride> clear(String overrideReason, String user) throws HubDeployException {
        Instant now = clock.instant();
        List<Occurrence> open = open(now);
        if (open.isEmpty()) {
            return Optional.empty();
        }
        String which = open.stream().map(Occurrence::description).collect(Collectors.joining("; "));
        if (overrideReason == null || overrideReason.isBlank()) {
            throw HubDeployException.failed("prod is frozen now (" + now + "): " + which + ". Nothing was changed."
                    + " Promote after the window closes, or, if this change must reach prod now, repeat with an"
                    + " explicit override that says why (" + OVERRIDE_PARAMETER + ": 'reason' in promoteToProd): the"
                    + " override, its reason and your user are recorded in the prod evidence.");
        }
        return Optional.of(new DenyWindowOverride(open.stream().map(o -> o.window().toString()).toList(),
                open.stream().map(Occurrence::reason).toList(), overrideReason.strip(),
                user == null || user.isBlank() ? "unknown" : user.strip(), now));
    }
}
