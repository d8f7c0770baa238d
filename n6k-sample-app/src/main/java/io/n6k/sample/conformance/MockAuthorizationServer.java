package io.n6k.sample.conformance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.n6k.access.N6kAuthenticationException;
import io.n6k.access.TokenVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The mock OAuth authorization server of the conformance harness (protocol §9.6): an
 * Ed25519 key made at startup, EdDSA JWTs issued by token exchange, a device-code flow
 * that is pending once, and the verifier of the {@code /oauth/ws} mount (signature,
 * {@code exp}, {@code aud = n6k-data-service}).
 */
final class MockAuthorizationServer implements TokenVerifier {

	static final String AUDIENCE = "n6k-data-service";

	static final String SUBJECT_TOKEN = "test-subject-token";

	static final String DEVICE_CODE = "test-device-code";

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

	private final KeyPair keys;

	private final ObjectMapper json = new ObjectMapper();

	private final Map<String, Integer> devicePolls = new ConcurrentHashMap<>();

	MockAuthorizationServer() {
		try {
			this.keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The raw 32-byte public key, base64url without padding. */
	String publicKey() {
		byte[] encoded = this.keys.getPublic().getEncoded();
		return B64.encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
	}

	String issue(String audience) {
		long now = Instant.now().getEpochSecond();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", "test-user");
		claims.put("aud", audience);
		claims.put("iat", now);
		claims.put("exp", now + 900);
		String signingInput = B64
			.encodeToString(utf8(this.json.writeValueAsString(Map.of("alg", "EdDSA", "typ", "JWT")))) + "."
				+ B64.encodeToString(utf8(this.json.writeValueAsString(claims)));
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(this.keys.getPrivate());
			signature.update(utf8(signingInput));
			return signingInput + "." + B64.encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Advance the device flow: pending on the first poll of a code, then granted.
	 * @param deviceCode the code
	 * @return whether the user has "approved"
	 */
	boolean devicePoll(String deviceCode) {
		int polls = this.devicePolls.merge(deviceCode, 1, Integer::sum);
		return DEVICE_CODE.equals(deviceCode) && polls > 1;
	}

	@Override
	public Principal verify(String token, String catalog) throws N6kAuthenticationException {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			throw new N6kAuthenticationException("unauthorized");
		}
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initVerify(this.keys.getPublic());
			signature.update(utf8(parts[0] + "." + parts[1]));
			if (!signature.verify(B64_DECODER.decode(parts[2]))) {
				throw new N6kAuthenticationException("unauthorized");
			}
			JsonNode claims = this.json.readTree(B64_DECODER.decode(parts[1]));
			if (claims.path("exp").asLong(0) < Instant.now().getEpochSecond()) {
				throw new N6kAuthenticationException("unauthorized: token expired");
			}
			JsonNode audience = claims.path("aud");
			boolean audienceOk = audience.isArray()
					? List.copyOf(audience.valueStream().map(JsonNode::asString).toList()).contains(AUDIENCE)
					: AUDIENCE.equals(audience.asString());
			if (!audienceOk) {
				throw new N6kAuthenticationException("unauthorized: wrong audience");
			}
			String subject = claims.path("sub").asString();
			return () -> subject;
		}
		catch (GeneralSecurityException | IllegalArgumentException | tools.jackson.core.JacksonException ex) {
			throw new N6kAuthenticationException("unauthorized");
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
