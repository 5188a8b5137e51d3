"""Two-factor sign-in (MLPS 2.0 level 3: two factors for privileged users; ASVS V6): after the password, a code of
an authenticator app (TOTP) or one of ten one-time recovery codes, through django-otp's devices.

Who must: the roles of MFA_REQUIRED_ROLES, and anyone in /admin/ (policy.py); the middleware sends them to set it
up or to enter a code before anything else (middleware.py); the writes are in services.py."""
