package io.breakoutbot.ops.remote;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The SDK's own SigV4 signer, told to leave the body unsigned ({@code x-amz-content-sha256: UNSIGNED-PAYLOAD}) over
 * plain http as it already does over https. The SDK turns payload signing back on for any request that is not https,
 * whatever its settings say; that costs a SHA-256 of every byte on both sides, and for a body sent as a stream the SDK
 * must read it twice (once to hash, once to send).
 *
 * <p>The signature itself is unchanged: SigV4's canonical request holds the method, path, query, headers (Host among
 * them) and the payload's hash, never the scheme, so signing the request as if it were https gives the signature the
 * store expects for the http request. The Host header is fixed before signing from the real scheme and port, so that
 * a port that is standard for one scheme and not the other cannot change it.
 *
 * <p>What the body loses over plain http is the signature's protection against a change on the way; the MD5 checks
 * ({@code Content-MD5}, the ETag) still catch corruption, and anyone who can change traffic on a plain http path can
 * also read the backups and answer the restores, so plain http only belongs on a network one trusts.
 */
final class UnsignedPayloadSigner implements HttpSigner<AwsCredentialsIdentity> {

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** SigV4 as the S3 client uses it by default, with this signer. */
    static AuthScheme<AwsCredentialsIdentity> scheme() {
        UnsignedPayloadSigner signer = new UnsignedPayloadSigner();
        return new AuthScheme<>() {
            @Override
            public String schemeId() {
                return AwsV4AuthScheme.SCHEME_ID;
            }

            @Override
            public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
                return providers.identityProvider(AwsCredentialsIdentity.class);
            }

            @Override
            public HttpSigner<AwsCredentialsIdentity> signer() {
                return signer;
            }
        };
    }

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        SdkHttpRequest http = request.request();
        if ("https".equals(http.protocol())) {
            return signer.sign(request);
        }
        SdkHttpRequest asHttps = http.toBuilder()
                .putHeader("Host", hostHeader(http))
                .port(http.port())
                .protocol("https")
                .build();
        SignedRequest signed = signer.sign(request.toBuilder().request(asHttps).build());
        SdkHttpRequest back = signed.request().toBuilder()
                .protocol(http.protocol())
                .port(http.port())
                .build();
        return signed.toBuilder().request(back).build();
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        // Only the synchronous client uses this signer.
        return signer.signAsync(request);
    }

    /** What the HTTP client will send as Host: the port only when it is not the scheme's standard one. */
    private static String hostHeader(SdkHttpRequest http) {
        return SdkHttpUtils.isUsingStandardPort(http.protocol(), http.port())
                ? http.host()
                : http.host() + ":" + http.port();
    }
}
