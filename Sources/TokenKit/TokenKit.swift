/// The token app's logic (placeholder until the token-app work lands).
public enum TokenKit {}
