package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** FilePath.act as remoting performs it: the callable and its result cross a serialization boundary. */
final class RemotingAgent implements Agent {
    final Path dir;
    final AtomicInteger trips = new AtomicInteger();

    RemotingAgent(Path dir) {
        this.dir = dir;
    }

    @Override
    public <T extends Serializable> T run(AgentTask<T> task) throws IOException, InterruptedException,
            HubDeployException {
        trips.incrementAndGet();
        @SuppressWarnings("unchecked")
        AgentCallable<T> onAgent = (AgentCallable<T>) roundTrip(new AgentCallable<>(task));
        try {
            @SuppressWarnings("unchecked")
            T result = (T) roundTrip(onAgent.invoke(dir.toFile(), null));
            return result;
        } catch (IOException e) {
            if (e.getCause() instanceof HubDeployException failure) {
                throw (HubDeployException) roundTrip(failure);
            }
            throw e;
        }
    }

    private static Object roundTrip(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }
}
