package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 7, item 4: every credential a step uses is recorded with {@code CredentialsProvider.track(run, c)} before
 * its secret is read. No Jenkins here: the credentials plugin is replaced by a recording {@link CredentialsAccess};
 * a credential whose secret cannot be read (its getter throws) shows the order.
 */
class CredentialsTrackingTest {
    private final List<Credentials> tracked = new ArrayList<>();
    private final Map<String, IdCredentials> store = Map.of(
            "registry", credential(StandardUsernamePasswordCredentials.class),
            "hub-token", credential(StringCredentials.class));

    private final CredentialsAccess recording = new CredentialsAccess() {
        @Override
        public <C extends IdCredentials> C find(String id, Class<C> type, Run<?, ?> run) {
            IdCredentials c = store.get(id);
            return type.isInstance(c) ? type.cast(c) : null;
        }

        @Override
        public void track(Run<?, ?> run, Credentials used) {
            tracked.add(used);
        }
    };

    @Test
    void registryLoginIsTrackedBeforeItsPasswordIsRead() {
        Throwable read = catchThrowable(() -> RegistryCredentialsLookup.find("buildHubImage", "registry", null, recording));

        assertThat(read).hasMessage("secret read");
        assertThat(tracked).containsExactly(store.get("registry"));
    }

    @Test
    void hubTokenIsTrackedBeforeItIsRead() {
        Throwable read = catchThrowable(() -> SmokeTokenLookup.find("hub-token", null, Map.of(), recording));

        assertThat(read).hasMessage("secret read");
        assertThat(tracked).containsExactly(store.get("hub-token"));
    }

    @Test
    void promoteToProdTracksItsGitLoginAndProdHubTokenBeforeReadingThem() {
        Throwable git = catchThrowable(() -> PromoteCredentialsLookup.git("registry", null, recording));
        Throwable hub = catchThrowable(() -> PromoteCredentialsLookup.hubToken("hub-token", null, Map.of(), recording));
        AbortException wrongType = catchThrowableOfType(AbortException.class,
                () -> PromoteCredentialsLookup.hubToken("registry", null, Map.of(), recording));

        assertThat(git).hasMessage("secret read");
        assertThat(hub).hasMessage("secret read");
        assertThat(wrongType.getMessage()).contains("promoteToProd: hubCredentialsId 'registry'").contains("Secret text");
        assertThat(tracked).containsExactly(store.get("registry"), store.get("hub-token"));
    }

    @Test
    void pinHubImageTracksItsGitLoginBeforeReadingItAndNamesItselfWhenTheIdIsWrong() {
        Throwable git = catchThrowable(() -> PromoteCredentialsLookup.git(PinHubImageStep.FUNCTION_NAME, "registry",
                null, recording));
        AbortException wrongType = catchThrowableOfType(AbortException.class,
                () -> PromoteCredentialsLookup.git(PinHubImageStep.FUNCTION_NAME, "hub-token", null, recording));

        assertThat(git).hasMessage("secret read");
        assertThat(wrongType.getMessage()).contains("pinHubImage: gitCredentialsId 'hub-token'")
                .contains("Username with password");
        assertThat(tracked).containsExactly(store.get("registry"));
    }

    @Test
    void anUnknownOrWrongTypeIdIsAClearErrorAndNothingIsTracked() {
        AbortException unknown = catchThrowableOfType(AbortException.class,
                () -> RegistryCredentialsLookup.find("helmDeployStaging", "nope", null, recording));
        AbortException wrongType = catchThrowableOfType(AbortException.class,
                () -> SmokeTokenLookup.find("registry", null, Map.of(), recording));

        assertThat(unknown.getMessage()).contains("helmDeployStaging: credentialsId 'nope'").contains("Username with password");
        assertThat(wrongType.getMessage()).contains("credentialsId 'registry'").contains("Secret text");
        assertThat(tracked).isEmpty();
    }

    private static <C extends IdCredentials> C credential(Class<C> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "getUsername":
                    return "ci-bot";
                case "getPassword", "getSecret":
                    throw new IllegalStateException("secret read");
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return type.getSimpleName();
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        }));
    }
}
