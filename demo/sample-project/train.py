# A stand-in for your training script: run it in the container (python is not in the demo's small image).
import torch

print("CUDA available:", torch.cuda.is_available())
