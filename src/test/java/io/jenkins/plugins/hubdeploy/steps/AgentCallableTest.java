package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.config.LoadConfigTask;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code FilePath.act} does with the callable: serialize it, ship it, invoke it against the directory. */
class AgentCallableTest {
    @TempDir
    Path repo;

    /** A task like the core's: reads a file of the workspace on the agent. */
    record ReadFileTask(String name) implements AgentTask<String> {
        @Override
        public String call(Path workspace) throws IOException, HubDeployException {
            Path file = workspace.resolve(name);
            if (!Files.exists(file)) {
                throw HubDeployException.usage(name + " not found in " + workspace + ": add it");
            }
            return Files.readString(file).strip();
        }
    }

    @Test
    void survivesSerializationAndRunsTheTaskAgainstTheDirectory() throws Exception {
        Files.writeString(repo.resolve("hubdeploy.yaml"), "images: []\n");

        AgentCallable<String> shipped = roundTrip(new AgentCallable<>(new ReadFileTask("hubdeploy.yaml")));

        assertThat(shipped.invoke(repo.toFile(), null)).isEqualTo("images: []");
    }

    @Test
    void loadsTheRealConfigurationOnTheAgentSide() throws Exception {
        Path example = Path.of(System.getProperty("basedir", "."), "examples", "datahub");

        AgentCallable<DeploymentConfig> shipped = roundTrip(new AgentCallable<>(new LoadConfigTask("datahub")));
        DeploymentConfig config = roundTrip(shipped.invoke(example.toFile(), null));

        assertThat(config.deployment()).isEqualTo("datahub");
        assertThat(config.images()).extracting(ImageSpec::name)
                .containsExactly("127.0.0.1:5000/datahub/user-image", "127.0.0.1:5000/datahub/tools-image");
    }

    @Test
    void unknownDeploymentFailsWithTheLoadersMessage() throws Exception {
        Path example = Path.of(System.getProperty("basedir", "."), "examples", "datahub");
        AgentCallable<DeploymentConfig> shipped = roundTrip(new AgentCallable<>(new LoadConfigTask("nope")));

        IOException thrown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> shipped.invoke(example.toFile(), null));

        assertThat(thrown.getCause()).isInstanceOf(HubDeployException.class).hasMessageContaining("nope");
        assertThat(((HubDeployException) thrown.getCause()).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void hubDeployExceptionTravelsAsTheCauseOfAnIOException() throws Exception {
        AgentCallable<String> shipped = roundTrip(new AgentCallable<>(new ReadFileTask("missing.yaml")));

        IOException thrown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> shipped.invoke(repo.toFile(), null));
        // remoting serializes what the agent threw back to the controller
        IOException received = roundTrip(thrown);

        assertThat(received).hasMessageContaining("missing.yaml not found");
        assertThat(received.getCause()).isInstanceOf(HubDeployException.class);
        assertThat(((HubDeployException) received.getCause()).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aTaskThatIsNotSerializableIsRefused() {
        AgentTask<String> lambdaWithState = new AgentTask<>() {
            private final Object notSerializable = new Object();

            @Override
            public String call(Path workspace) {
                return notSerializable.toString();
            }
        };

        assertThatThrownBy(() -> roundTrip(new AgentCallable<>(lambdaWithState)))
                .isInstanceOf(java.io.NotSerializableException.class);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T object) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
