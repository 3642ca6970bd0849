print("kyoei-token: not built yet")
