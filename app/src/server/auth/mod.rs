//! Authentication and authorization: password hashing, tokens, the current user, the policy.

pub mod password;
