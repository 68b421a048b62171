package io.jenkins.plugins.hubdeploy.kube;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Who holds a Lease and until when: the holder fields of its {@code spec}, as stored. */
record LeaseHolder(String identity, String acquireTime, String renewTime, int durationSeconds, int transitions) {

    static LeaseHolder of(JsonNode lease) {
        JsonNode spec = lease.path("spec");
        return new LeaseHolder(spec.path("holderIdentity").asText(""), spec.path("acquireTime").asText(""),
                spec.path("renewTime").asText(""), spec.path("leaseDurationSeconds").asInt(0),
                spec.path("leaseTransitions").asInt(0));
    }

    Instant renewed() {
        return parse(renewTime.isEmpty() ? acquireTime : renewTime);
    }

    Instant acquired() {
        Instant a = parse(acquireTime);
        return a == null ? renewed() : a;
    }

    /** No holder, no valid time or duration, or the lease ran out: free to take over. */
    boolean expiredAt(Instant now) {
        Instant renewed = renewed();
        return identity.isEmpty() || renewed == null || durationSeconds <= 0
                || !now.isBefore(renewed.plusSeconds(durationSeconds));
    }

    /** When the lease runs out unless renewed, for messages. */
    String expiry() {
        Instant renewed = renewed();
        return renewed == null ? "(unknown)" : renewed.plusSeconds(durationSeconds).toString();
    }

    private static Instant parse(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
