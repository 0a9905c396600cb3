package dev.gracefulagent.testbed.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The testbed's gRPC service, written by hand instead of generated: {@code testbed.Work/Run} (unary) answers
 * "done" after the number of milliseconds its request names; {@code testbed.Work/Stream} (server streaming) sends
 * "part 1" to "part 3" spread over that time, then "done". Messages are plain UTF-8 text.
 */
public final class WorkService {
    public static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    public static final MethodDescriptor<String, String> RUN = method(MethodDescriptor.MethodType.UNARY, "Run");
    public static final MethodDescriptor<String, String> STREAM = method(MethodDescriptor.MethodType.SERVER_STREAMING,
            "Stream");
    private static final int PARTS = 3;

    private WorkService() {
    }

    private static MethodDescriptor<String, String> method(MethodDescriptor.MethodType type, String name) {
        return MethodDescriptor.<String, String>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("testbed.Work", name))
                .setRequestMarshaller(TEXT)
                .setResponseMarshaller(TEXT)
                .build();
    }

    static ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder("testbed.Work")
                .addMethod(RUN, ServerCalls.asyncUnaryCall(WorkService::run))
                .addMethod(STREAM, ServerCalls.asyncServerStreamingCall(WorkService::stream))
                .build();
    }

    private static void run(String millis, StreamObserver<String> responses) {
        sleep(Long.parseLong(millis));
        responses.onNext("done");
        responses.onCompleted();
    }

    private static void stream(String millis, StreamObserver<String> responses) {
        for (int part = 1; part <= PARTS; part++) {
            sleep(Long.parseLong(millis) / PARTS);
            responses.onNext("part " + part);
        }
        responses.onNext("done");
        responses.onCompleted();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
