"""A stand-in for a distributed training script started with torchrun."""
import torch.distributed as dist

if __name__ == "__main__":
    dist.init_process_group("nccl")
